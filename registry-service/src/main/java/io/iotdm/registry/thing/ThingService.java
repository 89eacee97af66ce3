package io.iotdm.registry.thing;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.protocol.PaginationTokens;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.Page;
import io.iotdm.events.Event;
import io.iotdm.events.RegistryEvents;
import io.iotdm.events.RegistryEvents.Association;
import io.iotdm.events.RegistryEvents.Change;
import io.iotdm.outbox.Outcome;
import io.iotdm.outbox.TransactionalOutbox;
import io.iotdm.registry.peer.ThingPrincipals;
import io.iotdm.registry.thingtype.ThingTypeRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** Thing rules (docs/aws-behaviour.md §1.2): each change commits with its THING and THING_TYPE_ASSOCIATION events. */
@ApplicationScoped
public class ThingService {

    /** AWS: a thing may have 50 attributes with a thing type, 3 without. */
    static final int MAX_ATTRIBUTES_TYPED = 50;

    static final int MAX_ATTRIBUTES_UNTYPED = 3;

    private final Pool pool;
    private final TransactionalOutbox outbox;
    private final ThingRepository things;
    private final ThingTypeRepository thingTypes;
    private final ThingPrincipals principals;
    private final RegistryEvents events;
    private final AwsErrors errors;
    private final Arns arns;
    private final PaginationTokens tokens;
    private final Clock clock;

    ThingService(
            Pool pool,
            TransactionalOutbox outbox,
            ThingRepository things,
            ThingTypeRepository thingTypes,
            ThingPrincipals principals,
            RegistryEvents events,
            AwsErrors errors,
            Arns arns,
            PaginationTokens tokens,
            Clock clock) {
        this.pool = pool;
        this.outbox = outbox;
        this.things = things;
        this.thingTypes = thingTypes;
        this.principals = principals;
        this.events = events;
        this.errors = errors;
        this.arns = arns;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** Creates a thing; creating it again with the same configuration answers the existing thing. */
    public Uni<Thing> create(
            String name, String thingTypeName, Map<String, String> attributes, String billingGroupName) {
        if (billingGroupName != null) {
            // billing groups are not part of iotdm
            return Uni.createFrom()
                    .failure(errors.resourceNotFound("Billing group " + billingGroupName + " not found"));
        }
        checkAttributeCount(attributes, thingTypeName);
        Instant now = now();
        return outbox.commit(transaction -> associable(transaction, thingTypeName)
                .chain(() -> things.insert(
                        transaction, name, UUID.randomUUID().toString(), thingTypeName, attributes, null, now))
                .chain(created -> created != null
                        ? Uni.createFrom().item(Outcome.of(created, createdEvents(created)))
                        : things.find(transaction, name)
                                .map(existing -> repeatedCreate(name, existing, thingTypeName, attributes))));
    }

    public Uni<Thing> describe(String name) {
        return things.find(pool, name).map(thing -> {
            if (thing == null) {
                throw notFound(name);
            }
            return thing;
        });
    }

    /** @return the updated thing */
    public Uni<Thing> update(ThingUpdate update) {
        if (update.thingTypeName() != null && update.removeThingType()) {
            return Uni.createFrom()
                    .failure(errors.invalidRequest("Cannot specify both thingTypeName and removeThingType"));
        }
        Instant now = now();
        return outbox.commit(
                transaction -> things.lock(transaction, update.name()).chain(current -> {
                    if (current == null) {
                        throw notFound(update.name());
                    }
                    checkVersion(current, update.expectedVersion());
                    String newType = update.removeThingType()
                            ? null
                            : update.thingTypeName() != null ? update.thingTypeName() : current.thingTypeName();
                    Map<String, String> newAttributes = update.attributesOf(current.attributes());
                    checkAttributeCount(newAttributes, newType);
                    Uni<Void> typeCheck = Objects.equals(newType, current.thingTypeName())
                            ? Uni.createFrom().voidItem()
                            : associable(transaction, newType);
                    return typeCheck
                            .chain(() -> things.update(transaction, current, newType, newAttributes, now))
                            .map(updated -> Outcome.of(
                                    updated, updatedEvents(current, updated).toArray(Event[]::new)));
                }));
    }

    /**
     * Deletes a thing; deleting one that does not exist succeeds, as in AWS. A thing with principals attached is
     * refused, as in AWS (docs/aws-behaviour.md §1.2): the provisioning-service, which holds the attachments, is asked
     * first, outside the transaction (no connection is held during a remote call), and only for a thing that exists
     * (a missing thing's answer does not depend on the provisioning-service being up).
     *
     * @return the registry revision of the deletion, or {@code null} when there was no such thing
     */
    public Uni<Long> delete(String name, Long expectedVersion) {
        return delete(name, expectedVersion, null).map(Deletion::revision);
    }

    /** @param expectedId {@code null}, or the id the thing must have to be deleted (another thing of that name stays) */
    Uni<Deletion> delete(String name, Long expectedVersion, String expectedId) {
        return things.find(pool, name).chain(found -> {
            if (found == null || (expectedId != null && !expectedId.equals(found.id()))) {
                return Uni.createFrom().item(new Deletion(null));
            }
            checkVersion(found, expectedVersion);
            return principals.attached(name).chain(attached -> {
                if (attached) {
                    throw errors.invalidRequest(
                            "Cannot delete. Thing " + name + " is still attached to one or more principals");
                }
                return deleteUnattached(name, expectedVersion, expectedId);
            });
        });
    }

    /** A deletion: the registry revision it took, or {@code null} when there was nothing to delete. */
    record Deletion(Long revision) {}

    /**
     * The deletion itself, in one transaction with its events; the thing may have gone meanwhile (200 then too).
     *
     * @param expectedId {@code null}, or the id the thing must still have (another thing of that name is left)
     */
    private Uni<Deletion> deleteUnattached(String name, Long expectedVersion, String expectedId) {
        return outbox.commit(transaction -> things.lock(transaction, name).chain(current -> {
            if (current == null || (expectedId != null && !expectedId.equals(current.id()))) {
                return Uni.createFrom().item(Outcome.of(new Deletion(null)));
            }
            checkVersion(current, expectedVersion);
            return things.delete(transaction, name).map(revision -> {
                List<Event> deleted = new ArrayList<>();
                deleted.add(events.thing(
                        Change.DELETED,
                        current.id(),
                        name,
                        current.version(),
                        revision,
                        current.thingTypeName(),
                        current.attributes(),
                        clock.instant()));
                if (current.thingTypeName() != null) {
                    deleted.add(events.thingTypeAssociation(
                            Association.REMOVED,
                            current.id(),
                            name,
                            revision,
                            current.thingTypeName(),
                            clock.instant()));
                }
                return new Outcome<>(new Deletion(revision), deleted);
            });
        }));
    }

    /** One page of ListThings. */
    public Uni<Page<Thing>> list(ThingFilter filter, String nextToken, int maxResults) {
        if (filter.thingTypeName() != null && filter.attributeName() != null) {
            return Uni.createFrom()
                    .failure(errors.invalidRequest(
                            "Listing things by the combination of attribute and thing type is not supported"));
        }
        Map<String, String> parameters = filter.asParameters();
        String after = nextToken == null ? null : tokens.cursor("ListThings", parameters, nextToken);
        return things.list(pool, filter, after, maxResults + 1)
                .map(found -> Page.of(found, maxResults, last -> tokens.issue("ListThings", parameters, last.name())));
    }

    /** One page of all things in name order, after {@code after} (exclusive; {@code null} from the first). */
    public Uni<List<Thing>> page(String after, int limit) {
        return things.list(pool, ThingFilter.NONE, after, limit);
    }

    /** The things of these names that exist, in name order. */
    public Uni<List<Thing>> existing(List<String> names) {
        return things.findAll(pool, names);
    }

    public Uni<Long> count() {
        return things.count(pool);
    }

    public String arn(String thingName) {
        return arns.thing(thingName);
    }

    /** A thing may be given a type only while the type exists and is not deprecated. */
    Uni<Void> associable(SqlClient transaction, String thingTypeName) {
        if (thingTypeName == null) {
            return Uni.createFrom().voidItem();
        }
        return thingTypes.lockForAssociation(transaction, thingTypeName).map(type -> {
            if (type == null) {
                throw errors.resourceNotFound("Thing type " + thingTypeName + " does not exist");
            }
            if (type.deprecated()) {
                throw errors.invalidRequest(
                        "Thing type " + thingTypeName + " is deprecated; it cannot be " + "associated with things");
            }
            return null;
        });
    }

    private Outcome<Thing> repeatedCreate(
            String name, Thing existing, String thingTypeName, Map<String, String> attributes) {
        if (existing == null) {
            // deleted between our insert attempt and this read: AWS's answer for a missing thing, which a retry clears
            throw notFound(name);
        }
        if (!existing.sameConfiguration(thingTypeName, attributes, null)) {
            throw errors.resourceAlreadyExists(
                    "Thing " + existing.name() + " already exists in account with different attributes",
                    existing.id(),
                    arns.thing(existing.name()));
        }
        return Outcome.of(existing);
    }

    Event[] createdEvents(Thing created) {
        Event thingCreated = events.thing(
                Change.CREATED,
                created.id(),
                created.name(),
                created.version(),
                created.revision(),
                created.thingTypeName(),
                created.attributes(),
                created.lastModified());
        if (created.thingTypeName() == null) {
            return new Event[] {thingCreated};
        }
        return new Event[] {
            thingCreated,
            events.thingTypeAssociation(
                    Association.ADDED,
                    created.id(),
                    created.name(),
                    created.revision(),
                    created.thingTypeName(),
                    created.lastModified())
        };
    }

    List<Event> updatedEvents(Thing before, Thing after) {
        List<Event> updated = new ArrayList<>();
        updated.add(events.thing(
                Change.UPDATED,
                after.id(),
                after.name(),
                after.version(),
                after.revision(),
                after.thingTypeName(),
                after.attributes(),
                after.lastModified()));
        if (!Objects.equals(before.thingTypeName(), after.thingTypeName())) {
            if (before.thingTypeName() != null) {
                updated.add(events.thingTypeAssociation(
                        Association.REMOVED,
                        after.id(),
                        after.name(),
                        after.revision(),
                        before.thingTypeName(),
                        after.lastModified()));
            }
            if (after.thingTypeName() != null) {
                updated.add(events.thingTypeAssociation(
                        Association.ADDED,
                        after.id(),
                        after.name(),
                        after.revision(),
                        after.thingTypeName(),
                        after.lastModified()));
            }
        }
        return updated;
    }

    /** To the millisecond: a thing's last_modified is its events' timestamp, which AWS gives in epoch milliseconds. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private void checkVersion(Thing current, Long expectedVersion) {
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw errors.versionConflict(
                    "The version for thing " + current.name() + " does not match the expected version.");
        }
    }

    void checkAttributeCount(Map<String, String> attributes, String thingTypeName) {
        int limit = thingTypeName == null ? MAX_ATTRIBUTES_UNTYPED : MAX_ATTRIBUTES_TYPED;
        if (attributes.size() > limit) {
            throw errors.invalidRequest("A thing " + (thingTypeName == null ? "without" : "with")
                    + " a thing type can have at most " + limit + " attributes; this one would have "
                    + attributes.size());
        }
    }

    private RuntimeException notFound(String name) {
        return errors.resourceNotFound("Thing " + name + " does not exist");
    }
}
