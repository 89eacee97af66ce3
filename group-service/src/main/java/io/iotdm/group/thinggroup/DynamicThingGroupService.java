package io.iotdm.group.thinggroup;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.events.Event;
import io.iotdm.events.GroupEvents.Change;
import io.iotdm.group.GroupConfig;
import io.iotdm.group.coordinator.Coordinator;
import io.iotdm.group.dynamic.IndexingQueries;
import io.iotdm.group.events.ThingGroupEvents;
import io.iotdm.group.store.Locks;
import io.iotdm.group.store.ThingGroup;
import io.iotdm.group.store.ThingGroupRepository;
import io.iotdm.outbox.Outcome;
import io.iotdm.outbox.TransactionalOutbox;
import io.iotdm.tags.Tag;
import io.iotdm.tags.TagRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Dynamic thing group operations (docs/aws-behaviour.md §1.5): CreateDynamicThingGroup, UpdateDynamicThingGroup and
 * DeleteDynamicThingGroup. A query is checked by the indexing-service; each write of a query commits its
 * {@code Definition} with the group, and wakes the coordinator, which backfills the group's memberships.
 */
@ApplicationScoped
public class DynamicThingGroupService {

    private final TransactionalOutbox outbox;
    private final ThingGroupRepository groups;
    private final Locks locks;
    private final ThingGroupEvents groupEvents;
    private final GroupRules rules;
    private final AwsErrors errors;
    private final Arns arns;
    private final GroupConfig.Dynamic config;
    private final IndexingQueries indexing;
    private final Coordinator coordinator;
    private final TagRepository tags;

    DynamicThingGroupService(
            TransactionalOutbox outbox,
            ThingGroupRepository groups,
            Locks locks,
            ThingGroupEvents groupEvents,
            GroupRules rules,
            AwsErrors errors,
            Arns arns,
            GroupConfig config,
            IndexingQueries indexing,
            Coordinator coordinator,
            TagRepository tags) {
        this.outbox = outbox;
        this.groups = groups;
        this.locks = locks;
        this.groupEvents = groupEvents;
        this.rules = rules;
        this.errors = errors;
        this.arns = arns;
        this.config = config.dynamic();
        this.indexing = indexing;
        this.coordinator = coordinator;
        this.tags = tags;
    }

    /** Creates a dynamic group (status BUILDING); creating it again with the same definition answers it. */
    public Uni<ThingGroup> create(
            String name,
            String description,
            Map<String, String> attributes,
            List<Tag> tagValues,
            QueryDefinition query) {
        rules.checkAttributeCount(attributes);
        rules.checkTagCount(tagValues);
        Instant now = rules.now();
        return checkQuery(query)
                .chain(() -> rules.creating(
                        name,
                        outbox.commit(transaction -> locks.lockDynamicCreation(transaction)
                                .chain(() -> groups.find(transaction, name))
                                .chain(existing -> {
                                    if (existing != null) {
                                        return Uni.createFrom()
                                                .item(repeatedCreate(existing, description, attributes, query));
                                    }
                                    return groups.countDynamic(transaction).chain(count -> {
                                        if (count >= config.maxGroups()) {
                                            throw errors.iot(
                                                    "LimitExceededException",
                                                    "The account already has " + count
                                                            + " dynamic thing groups, the most it can have");
                                        }
                                        return groups.insertDynamic(
                                                        transaction,
                                                        name,
                                                        UUID.randomUUID().toString(),
                                                        description,
                                                        attributes,
                                                        query.queryString(),
                                                        query.queryVersion(),
                                                        query.indexName(),
                                                        now)
                                                .chain(created -> created == null
                                                        ? groups.find(transaction, name)
                                                                .map(raced -> repeatedCreate(
                                                                        raced, description, attributes, query))
                                                        : tags.put(transaction, arns.thingGroup(name), tagValues)
                                                                .map(ignored -> Outcome.of(
                                                                        created,
                                                                        groupEvents.changed(
                                                                                Change.CREATED,
                                                                                created,
                                                                                created.revision(),
                                                                                created.lastModified()),
                                                                        definition(created))));
                                    });
                                })),
                        () -> create(name, description, attributes, tagValues, query)))
                .invoke(created -> coordinator.wake());
    }

    /**
     * Updates a dynamic group's properties and, when a part of its query is sent and differs, its query: the group then
     * rebuilds its membership (REBUILDING).
     *
     * @param query the parts of the query sent ({@code null} keeps a part)
     */
    public Uni<ThingGroup> update(
            String name,
            String description,
            Map<String, String> attributes,
            boolean merge,
            Long expectedVersion,
            QueryDefinition query) {
        Instant now = rules.now();
        return outbox.commit(
                        transaction -> groups.lockForUpdate(transaction, name).chain(current -> {
                            if (current == null) {
                                throw rules.notFound(name);
                            }
                            if (!current.isDynamic()) {
                                throw errors.invalidRequest("Thing group " + name
                                        + " is not a dynamic thing group: update it with UpdateThingGroup");
                            }
                            rules.checkVersion(current, expectedVersion);
                            Map<String, String> newAttributes =
                                    Attributes.apply(current.attributes(), attributes, merge);
                            rules.checkAttributeCount(newAttributes);
                            String newDescription = description != null ? description : current.description();
                            QueryDefinition newQuery = query.orElse(current.dynamic());
                            boolean changed = !newQuery.sameAs(current.dynamic());
                            Uni<Void> checked = changed
                                    ? checkQuery(newQuery)
                                    : Uni.createFrom().voidItem();
                            return checked.chain(() -> groups.updateDynamic(
                                            transaction,
                                            name,
                                            newDescription,
                                            newAttributes,
                                            newQuery.queryString(),
                                            newQuery.queryVersion(),
                                            newQuery.indexName(),
                                            changed,
                                            now))
                                    .map(updated -> {
                                        Event groupUpdated =
                                                groupEvents.changed(Change.UPDATED, updated, updated.revision(), now);
                                        return changed
                                                ? Outcome.of(updated, groupUpdated, definition(updated))
                                                : Outcome.of(updated, groupUpdated);
                                    });
                        }))
                .invoke(updated -> coordinator.wake());
    }

    /** Deletes a dynamic group and its memberships; one that does not exist is deleted already. */
    public Uni<Long> delete(String name, Long expectedVersion) {
        return rules.delete(name, expectedVersion, true);
    }

    private Uni<Void> checkQuery(QueryDefinition query) {
        if (!"AWS_Things".equals(query.indexName())) {
            return Uni.createFrom()
                    .failure(errors.invalidRequest(
                            "Dynamic thing groups query index AWS_Things only, not " + query.indexName()));
        }
        if (!"2017-09-30".equals(query.queryVersion())) {
            return Uni.createFrom()
                    .failure(errors.invalidRequest(
                            "Query version " + query.queryVersion() + " is not supported: use 2017-09-30"));
        }
        return indexing.validate(query.indexName(), query.queryString(), query.queryVersion());
    }

    private Outcome<ThingGroup> repeatedCreate(
            ThingGroup existing, String description, Map<String, String> attributes, QueryDefinition query) {
        return rules.repeatedCreate(
                existing,
                group -> group.isDynamic()
                        && group.sameProperties(null, description, attributes)
                        && query.sameAs(group.dynamic()));
    }

    /** The group's current query, published for the indexing-service with the write that set it. */
    private static Event definition(ThingGroup group) {
        return ThingGroupEvents.definition(group, group.dynamic().queryRevision(), false)
                .event();
    }
}
