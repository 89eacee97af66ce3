package io.iotdm.group.thinggroup;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.protocol.PaginationTokens;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.Page;
import io.iotdm.events.GroupEvents.Change;
import io.iotdm.group.GroupConfig;
import io.iotdm.group.events.ThingGroupEvents;
import io.iotdm.group.store.GroupFilter;
import io.iotdm.group.store.ThingGroup;
import io.iotdm.group.store.ThingGroupRepository;
import io.iotdm.outbox.Outcome;
import io.iotdm.outbox.TransactionalOutbox;
import io.iotdm.tags.Tag;
import io.iotdm.tags.TagRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Static thing group rules (docs/aws-behaviour.md §1.4): parents fixed at creation, bounded depth, children and
 * attributes; each change commits with its THING_GROUP, THING_GROUP_HIERARCHY and THING_GROUP_MEMBERSHIP events. The
 * reads (DescribeThingGroup, ListThingGroups, the gRPC stream) serve dynamic groups too.
 */
@ApplicationScoped
public class ThingGroupService {

    private final Pool pool;
    private final TransactionalOutbox outbox;
    private final ThingGroupRepository groups;
    private final ThingGroupEvents groupEvents;
    private final GroupRules rules;
    private final AwsErrors errors;
    private final Arns arns;
    private final PaginationTokens tokens;
    private final GroupConfig.Limits limits;
    private final TagRepository tags;

    ThingGroupService(
            Pool pool,
            TransactionalOutbox outbox,
            ThingGroupRepository groups,
            ThingGroupEvents groupEvents,
            GroupRules rules,
            AwsErrors errors,
            Arns arns,
            PaginationTokens tokens,
            GroupConfig config,
            TagRepository tags) {
        this.pool = pool;
        this.outbox = outbox;
        this.groups = groups;
        this.groupEvents = groupEvents;
        this.rules = rules;
        this.errors = errors;
        this.arns = arns;
        this.tokens = tokens;
        this.limits = config.limits();
        this.tags = tags;
    }

    /** Creates a group; creating it again with the same parent and properties answers the existing group. */
    public Uni<ThingGroup> create(
            String name, String parentName, String description, Map<String, String> attributes, List<Tag> tagValues) {
        rules.checkAttributeCount(attributes);
        rules.checkTagCount(tagValues);
        Instant now = rules.now();
        return rules.creating(
                name,
                outbox.commit(transaction -> lockParent(transaction, parentName)
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
                        }))),
                () -> create(name, parentName, description, attributes, tagValues));
    }

    public Uni<ThingGroup> describe(String name) {
        return groups.find(pool, name).map(group -> {
            if (group == null) {
                throw rules.notFound(name);
            }
            return group;
        });
    }

    /** The groups of these names that exist and are not being deleted, in name order. */
    public Uni<List<ThingGroup>> describeAll(Collection<String> names) {
        return groups.findAll(pool, names)
                .map(found -> found.stream().filter(group -> !group.deleting()).toList());
    }

    /**
     * @param description the new description, or {@code null} to keep the current one
     * @param attributes the attributes sent, or {@code null} to keep the current ones; an empty value removes one
     * @param merge merge {@code attributes} into the current ones instead of replacing them
     * @return the updated group
     */
    public Uni<ThingGroup> update(
            String name, String description, Map<String, String> attributes, boolean merge, Long expectedVersion) {
        Instant now = rules.now();
        return outbox.commit(transaction -> groups.lockForUpdate(transaction, name)
                .chain(current -> {
                    if (current == null) {
                        throw rules.notFound(name);
                    }
                    rules.checkVersion(current, expectedVersion);
                    Map<String, String> newAttributes = Attributes.apply(current.attributes(), attributes, merge);
                    rules.checkAttributeCount(newAttributes);
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
        return rules.delete(name, expectedVersion, false);
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
        return rules.repeatedCreate(
                existing, group -> !group.isDynamic() && group.sameProperties(parentName, description, attributes));
    }
}
