package io.iotdm.group.thinggroup;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.protocol.PaginationTokens;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.Page;
import io.iotdm.events.Event;
import io.iotdm.events.GroupEvents.Change;
import io.iotdm.group.GroupConfig;
import io.iotdm.group.coordinator.Coordinator;
import io.iotdm.group.dynamic.IndexingQueries;
import io.iotdm.outbox.Outcome;
import io.iotdm.outbox.TransactionalOutbox;
import io.iotdm.tags.Tag;
import io.iotdm.tags.TagRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Static thing group rules (docs/aws-behaviour.md §1.4): parents fixed at creation, bounded depth, children and
 * attributes; each change commits with its THING_GROUP, THING_GROUP_HIERARCHY and THING_GROUP_MEMBERSHIP events.
 */
@ApplicationScoped
public class ThingGroupService {

    private final Pool pool;
    private final TransactionalOutbox outbox;
    private final ThingGroupRepository groups;
    private final ThingGroupEvents groupEvents;
    private final GroupDeletions deletions;
    private final AwsErrors errors;
    private final Arns arns;
    private final PaginationTokens tokens;
    private final GroupConfig.Limits limits;
    private final GroupConfig.Dynamic dynamicConfig;
    private final Clock clock;
    private final IndexingQueries indexing;
    private final Coordinator coordinator;
    private final TagRepository tags;

    ThingGroupService(
            Pool pool,
            TransactionalOutbox outbox,
            ThingGroupRepository groups,
            ThingGroupEvents groupEvents,
            GroupDeletions deletions,
            AwsErrors errors,
            Arns arns,
            PaginationTokens tokens,
            GroupConfig config,
            Clock clock,
            IndexingQueries indexing,
            Coordinator coordinator,
            TagRepository tags) {
        this.pool = pool;
        this.tags = tags;
        this.indexing = indexing;
        this.coordinator = coordinator;
        this.dynamicConfig = config.dynamic();
        this.outbox = outbox;
        this.groups = groups;
        this.groupEvents = groupEvents;
        this.deletions = deletions;
        this.errors = errors;
        this.arns = arns;
        this.tokens = tokens;
        this.limits = config.limits();
        this.clock = clock;
    }

    /** Creates a group; creating it again with the same parent and properties answers the existing group. */
    public Uni<ThingGroup> create(
            String name, String parentName, String description, Map<String, String> attributes, List<Tag> tagValues) {
        checkAttributeCount(attributes);
        checkTagCount(tagValues);
        Instant now = now();
        return outbox.commit(transaction -> lockParent(transaction, parentName)
                        .chain(parent -> groups.find(transaction, name).chain(existing -> {
                            if (existing != null) {
                                return Uni.createFrom()
                                        .item(repeatedCreate(existing, parentName, description, attributes));
                            }
                            return checkNewChild(transaction, parent, name)
                                    .chain(() -> groups.insert(
                                            transaction,
                                            name,
                                            UUID.randomUUID().toString(),
                                            parent,
                                            description,
                                            attributes,
                                            now))
                                    .chain(created -> created == null
                                            // created concurrently: answer as a repeated create would
                                            ? groups.find(transaction, name)
                                                    .map(raced ->
                                                            repeatedCreate(raced, parentName, description, attributes))
                                            : tags.put(transaction, arns.thingGroup(name), tagValues)
                                                    .map(ignored ->
                                                            new Outcome<>(created, groupEvents.created(created))));
                        })))
                .onFailure(NameBeingReleased.class)
                .recoverWithUni(() -> deletions
                        .finish(name)
                        .chain(() -> create(name, parentName, description, attributes, tagValues)));
    }

    public Uni<ThingGroup> describe(String name) {
        return groups.find(pool, name).map(group -> {
            if (group == null) {
                throw notFound(name);
            }
            return group;
        });
    }

    /**
     * @param description the new description, or {@code null} to keep the current one
     * @param attributes the attributes sent, or {@code null} to keep the current ones; an empty value removes one
     * @param merge merge {@code attributes} into the current ones instead of replacing them
     * @return the updated group
     */
    public Uni<ThingGroup> update(
            String name, String description, Map<String, String> attributes, boolean merge, Long expectedVersion) {
        Instant now = now();
        return outbox.commit(transaction -> groups.lockForUpdate(transaction, name)
                .chain(current -> {
                    if (current == null) {
                        throw notFound(name);
                    }
                    checkVersion(current, expectedVersion);
                    Map<String, String> newAttributes = Attributes.apply(current.attributes(), attributes, merge);
                    checkAttributeCount(newAttributes);
                    String newDescription = description != null ? description : current.description();
                    return groups.update(transaction, name, newDescription, newAttributes, now);
                })
                .map(updated ->
                        Outcome.of(updated, groupEvents.changed(Change.UPDATED, updated, updated.revision(), now))));
    }

    /**
     * Deletes a static group and its memberships; deleting one that does not exist succeeds, as in AWS.
     *
     * @return the revision of the deletion, or {@code null} when there was no such group
     */
    public Uni<Long> delete(String name, Long expectedVersion) {
        return delete(name, expectedVersion, false);
    }

    /** Deletes a dynamic group and its memberships; one that does not exist is deleted already. */
    public Uni<Long> deleteDynamic(String name, Long expectedVersion) {
        return delete(name, expectedVersion, true);
    }

    /**
     * Checks and takes the first step of a deletion in one transaction, then the rest ({@link GroupDeletions}): when it
     * answers, every member has left and the group is gone.
     */
    private Uni<Long> delete(String name, Long expectedVersion, boolean dynamicKind) {
        Instant now = now();
        return outbox.commit(
                        transaction -> groups.lockForDelete(transaction, name).chain(current -> {
                            if (current == null) {
                                return Uni.createFrom().item(Outcome.of(GroupDeletions.Step.NOTHING_TO_DO));
                            }
                            if (current.isDynamic() != dynamicKind) {
                                throw errors.invalidRequest("Thing group " + name
                                        + (dynamicKind
                                                ? " is not a dynamic thing group: delete it with DeleteThingGroup"
                                                : " is a dynamic thing group: delete it with"
                                                        + " DeleteDynamicThingGroup"));
                            }
                            checkVersion(current, expectedVersion);
                            return groups.countChildren(transaction, name).chain(children -> {
                                if (children > 0) {
                                    throw errors.invalidRequest("Cannot delete thing group : " + name
                                            + " when there are still child groups attached to it");
                                }
                                return deletions.step(transaction, current, now);
                            });
                        }))
                // a group already being deleted (a repeated call, or one a crash interrupted) is not found above:
                // its deletion is finished here too, so that the answer always comes after all of it
                .chain(step ->
                        step.revision() != null ? Uni.createFrom().item(step.revision()) : deletions.finish(name));
    }

    /** One page of ListThingGroups. */
    public Uni<Page<ThingGroup>> list(GroupFilter filter, String nextToken, int maxResults) {
        Map<String, String> parameters = filter.asParameters();
        String after = nextToken == null ? null : tokens.cursor("ListThingGroups", parameters, nextToken);
        Uni<Void> parentExists = filter.parentGroup() == null
                ? Uni.createFrom().voidItem()
                : describe(filter.parentGroup()).replaceWithVoid();
        return parentExists
                .chain(() -> groups.list(pool, filter, after, maxResults + 1))
                .map(found ->
                        Page.of(found, maxResults, last -> tokens.issue("ListThingGroups", parameters, last.name())));
    }

    /** One page of all groups in name order, after {@code after} (exclusive; {@code null} from the first). */
    public Uni<List<ThingGroup>> page(String after, int limit) {
        return groups.list(pool, new GroupFilter(null, null, true), after, limit);
    }

    public String arn(String groupName) {
        return arns.thingGroup(groupName);
    }

    /** Creates a dynamic group (status BUILDING); creating it again with the same definition answers it. */
    public Uni<ThingGroup> createDynamic(
            String name,
            String description,
            Map<String, String> attributes,
            List<Tag> tagValues,
            String queryString,
            String indexName,
            String queryVersion) {
        checkAttributeCount(attributes);
        checkTagCount(tagValues);
        Instant now = now();
        return checkQuery(queryString, indexName, queryVersion)
                .chain(() -> outbox.commit(transaction -> groups.lockDynamicCreation(transaction)
                        .chain(() -> groups.find(transaction, name))
                        .chain(existing -> {
                            if (existing != null) {
                                return Uni.createFrom()
                                        .item(repeatedDynamicCreate(
                                                existing,
                                                description,
                                                attributes,
                                                queryString,
                                                indexName,
                                                queryVersion));
                            }
                            return groups.countDynamic(transaction).chain(count -> {
                                if (count >= dynamicConfig.maxGroups()) {
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
                                                queryString,
                                                queryVersion,
                                                indexName,
                                                now)
                                        .chain(created -> created == null
                                                ? groups.find(transaction, name)
                                                        .map(raced -> repeatedDynamicCreate(
                                                                raced,
                                                                description,
                                                                attributes,
                                                                queryString,
                                                                indexName,
                                                                queryVersion))
                                                : tags.put(transaction, arns.thingGroup(name), tagValues)
                                                        .map(ignored -> Outcome.of(
                                                                created,
                                                                groupEvents.changed(
                                                                        Change.CREATED,
                                                                        created,
                                                                        created.revision(),
                                                                        created.lastModified()),
                                                                ThingGroupEvents.definition(
                                                                                created,
                                                                                created.dynamic()
                                                                                        .queryRevision(),
                                                                                false)
                                                                        .event())));
                            });
                        })))
                .onFailure(NameBeingReleased.class)
                .recoverWithUni(() -> deletions
                        .finish(name)
                        .chain(() -> createDynamic(
                                name, description, attributes, tagValues, queryString, indexName, queryVersion)))
                .invoke(created -> coordinator.wake());
    }

    /**
     * Updates a dynamic group's properties and, when one of them is sent and differs, its query: the group then
     * rebuilds its membership (REBUILDING).
     */
    public Uni<ThingGroup> updateDynamic(
            String name,
            String description,
            Map<String, String> attributes,
            boolean merge,
            Long expectedVersion,
            String queryString,
            String indexName,
            String queryVersion) {
        Instant now = now();
        return outbox.commit(
                        transaction -> groups.lockForUpdate(transaction, name).chain(current -> {
                            if (current == null) {
                                throw notFound(name);
                            }
                            if (!current.isDynamic()) {
                                throw errors.invalidRequest("Thing group " + name
                                        + " is not a dynamic thing group: update it with UpdateThingGroup");
                            }
                            checkVersion(current, expectedVersion);
                            Map<String, String> newAttributes =
                                    Attributes.apply(current.attributes(), attributes, merge);
                            checkAttributeCount(newAttributes);
                            String newDescription = description != null ? description : current.description();
                            ThingGroup.Dynamic was = current.dynamic();
                            String newQuery = queryString != null ? queryString : was.queryString();
                            String newIndex = indexName != null ? indexName : was.indexName();
                            String newVersion = queryVersion != null ? queryVersion : was.queryVersion();
                            boolean changed = !newQuery.equals(was.queryString())
                                    || !newIndex.equals(was.indexName())
                                    || !newVersion.equals(was.queryVersion());
                            Uni<Void> checked = changed
                                    ? checkQuery(newQuery, newIndex, newVersion)
                                    : Uni.createFrom().voidItem();
                            return checked.chain(() -> groups.updateDynamic(
                                            transaction,
                                            name,
                                            newDescription,
                                            newAttributes,
                                            newQuery,
                                            newVersion,
                                            newIndex,
                                            changed,
                                            now))
                                    .map(updated -> {
                                        Event groupUpdated =
                                                groupEvents.changed(Change.UPDATED, updated, updated.revision(), now);
                                        return changed
                                                ? Outcome.of(
                                                        updated,
                                                        groupUpdated,
                                                        ThingGroupEvents.definition(
                                                                        updated,
                                                                        updated.dynamic()
                                                                                .queryRevision(),
                                                                        false)
                                                                .event())
                                                : Outcome.of(updated, groupUpdated);
                                    });
                        }))
                .invoke(updated -> coordinator.wake());
    }

    private Uni<Void> checkQuery(String queryString, String indexName, String queryVersion) {
        if (!"AWS_Things".equals(indexName)) {
            return Uni.createFrom()
                    .failure(errors.invalidRequest(
                            "Dynamic thing groups query index AWS_Things only, not " + indexName));
        }
        if (!"2017-09-30".equals(queryVersion)) {
            return Uni.createFrom()
                    .failure(errors.invalidRequest(
                            "Query version " + queryVersion + " is not supported: use 2017-09-30"));
        }
        return indexing.validate(indexName, queryString, queryVersion);
    }

    private Outcome<ThingGroup> repeatedDynamicCreate(
            ThingGroup existing,
            String description,
            Map<String, String> attributes,
            String queryString,
            String indexName,
            String queryVersion) {
        if (existing == null) {
            throw new NameBeingReleased();
        }
        if (!existing.isDynamic()
                || !existing.sameProperties(null, description, attributes)
                || !existing.dynamic().queryString().equals(queryString)
                || !existing.dynamic().indexName().equals(indexName)
                || !existing.dynamic().queryVersion().equals(queryVersion)) {
            throw errors.resourceAlreadyExists(
                    "Thing Group " + existing.name() + " already exists in current account with different properties",
                    existing.id(),
                    arns.thingGroup(existing.name()));
        }
        return Outcome.of(existing);
    }

    /** The parent locked against concurrent children, or {@code null} for a root group. */
    private Uni<ThingGroup> lockParent(SqlClient transaction, String parentName) {
        if (parentName == null) {
            return Uni.createFrom().nullItem();
        }
        return groups.lockForUpdate(transaction, parentName).map(parent -> {
            if (parent == null) {
                throw errors.resourceNotFound("Thing group " + parentName + " does not exist");
            }
            return parent;
        });
    }

    private Uni<Void> checkNewChild(SqlClient transaction, ThingGroup parent, String name) {
        if (parent == null) {
            return Uni.createFrom().voidItem();
        }
        if (parent.isDynamic()) {
            return Uni.createFrom()
                    .failure(errors.invalidRequest(
                            "Thing group " + name + " cannot be created under dynamic thing group " + parent.name()
                                    + ": a dynamic thing group cannot have child groups"));
        }
        if (parent.depth() + 1 > limits.maxDepth()) {
            return Uni.createFrom()
                    .failure(errors.invalidRequest("Thing group " + name + " cannot be created under " + parent.name()
                            + ": a thing group hierarchy can be at most " + limits.maxDepth() + " levels deep"));
        }
        return groups.countChildren(transaction, parent.name()).map(children -> {
            if (children >= limits.maxChildren()) {
                throw errors.invalidRequest("Thing group " + parent.name() + " already has " + children
                        + " child groups, the most a thing group can have");
            }
            return null;
        });
    }

    private Outcome<ThingGroup> repeatedCreate(
            ThingGroup existing, String parentName, String description, Map<String, String> attributes) {
        if (existing == null) {
            throw new NameBeingReleased();
        }
        if (existing.isDynamic() || !existing.sameProperties(parentName, description, attributes)) {
            throw errors.resourceAlreadyExists(
                    "Thing Group " + existing.name() + " already exists in current account with different properties",
                    existing.id(),
                    arns.thingGroup(existing.name()));
        }
        return Outcome.of(existing);
    }

    /** To the millisecond: a group's last write is its events' timestamp, which AWS gives in epoch milliseconds. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private void checkVersion(ThingGroup current, Long expectedVersion) {
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw errors.versionConflict(
                    "The version for thing group " + current.name() + " does not match the expected version.");
        }
    }

    private void checkTagCount(List<Tag> tagValues) {
        if (tagValues.size() > limits.maxTags()) {
            throw errors.invalidRequest("A thing group can have at most " + limits.maxTags()
                    + " tags; this one would have " + tagValues.size());
        }
    }

    private void checkAttributeCount(Map<String, String> attributes) {
        if (attributes.size() > limits.maxAttributes()) {
            throw errors.invalidRequest("A thing group can have at most " + limits.maxAttributes()
                    + " attributes; this one would have " + attributes.size());
        }
    }

    /**
     * A group of the name exists but cannot be read: it is being deleted (or was deleted meanwhile). The creation runs
     * again once that deletion is finished, as it would after a DeleteThingGroup had answered.
     */
    private static final class NameBeingReleased extends RuntimeException {

        NameBeingReleased() {
            super(null, null, false, false);
        }
    }

    private RuntimeException notFound(String name) {
        return errors.resourceNotFound("Thing group " + name + " does not exist");
    }
}
