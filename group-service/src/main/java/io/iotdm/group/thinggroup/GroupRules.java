package io.iotdm.group.thinggroup;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.group.GroupConfig;
import io.iotdm.group.deletion.GroupDeletions;
import io.iotdm.group.store.ThingGroup;
import io.iotdm.group.store.ThingGroupRepository;
import io.iotdm.outbox.Outcome;
import io.iotdm.outbox.TransactionalOutbox;
import io.iotdm.tags.Tag;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The rules static and dynamic groups share ({@link ThingGroupService}, {@link DynamicThingGroupService}): the limits
 * of attributes and tags, {@code expectedVersion}, a repeated creation, a creation under a name being released, and
 * deletion.
 */
@ApplicationScoped
class GroupRules {

    private final TransactionalOutbox outbox;
    private final ThingGroupRepository groups;
    private final GroupDeletions deletions;
    private final AwsErrors errors;
    private final Arns arns;
    private final GroupConfig.Limits limits;
    private final Clock clock;

    GroupRules(
            TransactionalOutbox outbox,
            ThingGroupRepository groups,
            GroupDeletions deletions,
            AwsErrors errors,
            Arns arns,
            GroupConfig config,
            Clock clock) {
        this.outbox = outbox;
        this.groups = groups;
        this.deletions = deletions;
        this.errors = errors;
        this.arns = arns;
        this.limits = config.limits();
        this.clock = clock;
    }

    /**
     * Checks and takes the first step of a deletion in one transaction, then the rest ({@link GroupDeletions}): when it
     * answers, every member has left and the group is gone. A group that does not exist is deleted already.
     *
     * @param dynamicKind whether the operation deletes dynamic groups (each kind has its own operation)
     * @return the revision of the deletion, or {@code null} when there was no such group
     */
    Uni<Long> delete(String name, Long expectedVersion, boolean dynamicKind) {
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

    /**
     * A creation that finds its name held by a group being deleted ({@link #repeatedCreate}) runs again once that
     * deletion is finished, as it would after a DeleteThingGroup had answered.
     */
    Uni<ThingGroup> creating(String name, Uni<ThingGroup> creation, Supplier<Uni<ThingGroup>> again) {
        return creation.onFailure(NameBeingReleased.class)
                .recoverWithUni(() -> deletions.finish(name).chain(ignored -> again.get()));
    }

    /**
     * The answer to a creation of a group of an existing name: the group when {@code same} (the creation is repeated),
     * ResourceAlreadyExistsException otherwise.
     *
     * @param existing the group, {@code null} when it is being deleted (see {@link #creating})
     */
    Outcome<ThingGroup> repeatedCreate(ThingGroup existing, Predicate<ThingGroup> same) {
        if (existing == null) {
            throw new NameBeingReleased();
        }
        if (!same.test(existing)) {
            throw errors.resourceAlreadyExists(
                    "Thing Group " + existing.name() + " already exists in current account with different properties",
                    existing.id(),
                    arns.thingGroup(existing.name()));
        }
        return Outcome.of(existing);
    }

    void checkVersion(ThingGroup current, Long expectedVersion) {
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw errors.versionConflict(
                    "The version for thing group " + current.name() + " does not match the expected version.");
        }
    }

    void checkTagCount(List<Tag> tagValues) {
        if (tagValues.size() > limits.maxTags()) {
            throw errors.invalidRequest("A thing group can have at most " + limits.maxTags()
                    + " tags; this one would have " + tagValues.size());
        }
    }

    void checkAttributeCount(Map<String, String> attributes) {
        if (attributes.size() > limits.maxAttributes()) {
            throw errors.invalidRequest("A thing group can have at most " + limits.maxAttributes()
                    + " attributes; this one would have " + attributes.size());
        }
    }

    RuntimeException notFound(String name) {
        return errors.resourceNotFound("Thing group " + name + " does not exist");
    }

    /** To the millisecond: a group's last write is its events' timestamp, which AWS gives in epoch milliseconds. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
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
}
