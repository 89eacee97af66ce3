package io.iotdm.registry.thing;

import io.iotdm.aws.service.AwsErrors;
import io.iotdm.events.Event;
import io.iotdm.grpc.registry.v1.OverrideSetting;
import io.iotdm.outbox.Outcome;
import io.iotdm.outbox.TransactionalOutbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The thing of a provisioning template (docs/aws-behaviour.md §6.8): created as CreateThing creates it, or, when a
 * thing of that name exists, changed as the template's override settings say, as UpdateThing changes it. Both go
 * through {@link ThingService}'s rules and events, so a provisioned thing is no different from one made by hand.
 */
@ApplicationScoped
public class ThingProvisioning {

    /**
     * A ProvisionThing request.
     *
     * @param thingId the id a created thing gets (the registration's, so that a resumed run recognises its own thing)
     * @param thingTypeName the template's type, or {@code null} when it gives none
     * @param attributes the template's AttributePayload, or {@code null} when it gives none
     * @param dryRun check only and write nothing
     */
    public record Request(
            String thingName,
            String thingId,
            String thingTypeName,
            Map<String, String> attributes,
            OverrideSetting attributesOverride,
            OverrideSetting thingTypeOverride,
            boolean dryRun) {}

    /**
     * @param thing the thing after the request; for a dry run of a thing to create, {@code null}
     * @param created whether the thing is the one the request's id names
     */
    public record Provisioned(Thing thing, boolean created) {}

    private final TransactionalOutbox outbox;
    private final ThingRepository things;
    private final ThingService rules;
    private final AwsErrors errors;

    ThingProvisioning(TransactionalOutbox outbox, ThingRepository things, ThingService rules, AwsErrors errors) {
        this.outbox = outbox;
        this.things = things;
        this.rules = rules;
        this.errors = errors;
    }

    /** Idempotent: a request applied once finds nothing to change the second time, and emits no event. */
    public Uni<Provisioned> provision(Request request) {
        Instant now = rules.now();
        return outbox.commit(transaction -> things.lock(transaction, request.thingName())
                .chain(current -> current == null
                        ? create(transaction, request, now)
                        : apply(transaction, request, current, now)));
    }

    /**
     * Deletes the thing a registration created, while it still has the registration's id; a thing already gone, or
     * another thing of that name, is left (nothing deleted).
     *
     * @return whether a thing was deleted now
     */
    public Uni<Boolean> unprovision(String thingName, String thingId) {
        return rules.delete(thingName, null, thingId).map(deletion -> deletion.revision() != null);
    }

    private Uni<Outcome<Provisioned>> create(SqlClient transaction, Request request, Instant now) {
        Map<String, String> attributes = request.attributes() == null ? Map.of() : request.attributes();
        rules.checkAttributeCount(attributes, request.thingTypeName());
        Uni<Void> typeCheck = rules.associable(transaction, request.thingTypeName());
        if (request.dryRun()) {
            return typeCheck.map(ignored -> Outcome.of(new Provisioned(null, true)));
        }
        return typeCheck
                .chain(() -> things.insert(
                        transaction,
                        request.thingName(),
                        request.thingId(),
                        request.thingTypeName(),
                        attributes,
                        null,
                        now))
                .chain(created -> {
                    if (created == null) {
                        // the lock above saw no thing: a concurrent registration created it, and the insert waited
                        // for that commit, so this one finds it now and goes on as if it had been there: both
                        // registrations succeed, one creating the thing (docs/aws-behaviour.md §6.8)
                        return things.lock(transaction, request.thingName())
                                .chain(current -> current == null
                                        ? Uni.createFrom()
                                                .<Outcome<Provisioned>>failure(errors.iot(
                                                        "ConflictingResourceUpdateException",
                                                        "Thing " + request.thingName()
                                                                + " was created and deleted by other requests at the"
                                                                + " same time"))
                                        : apply(transaction, request, current, now));
                    }
                    return Uni.createFrom()
                            .item(Outcome.of(new Provisioned(created, true), rules.createdEvents(created)));
                });
    }

    private Uni<Outcome<Provisioned>> apply(SqlClient transaction, Request request, Thing current, Instant now) {
        boolean created = current.id().equals(request.thingId());
        String type = request.thingTypeName() == null
                ? current.thingTypeName()
                : overridden(
                        request.thingTypeOverride(),
                        current.thingTypeName(),
                        request.thingTypeName(),
                        current.thingTypeName(),
                        request.thingName(),
                        "ThingTypeName");
        Map<String, String> attributes = request.attributes() == null
                ? current.attributes()
                : overridden(
                        request.attributesOverride(),
                        current.attributes(),
                        updated(current.attributes(), request.attributes(), false),
                        updated(current.attributes(), request.attributes(), true),
                        request.thingName(),
                        "AttributePayload");
        if (Objects.equals(type, current.thingTypeName()) && attributes.equals(current.attributes())) {
            return Uni.createFrom().item(Outcome.of(new Provisioned(current, created)));
        }
        rules.checkAttributeCount(attributes, type);
        Uni<Void> typeCheck = Objects.equals(type, current.thingTypeName())
                ? Uni.createFrom().voidItem()
                : rules.associable(transaction, type);
        if (request.dryRun()) {
            return typeCheck.map(ignored -> Outcome.of(new Provisioned(current, created)));
        }
        return typeCheck
                .chain(() -> things.update(transaction, current, type, attributes, now))
                .map(updated -> Outcome.of(
                        new Provisioned(updated, created),
                        rules.updatedEvents(current, updated).toArray(Event[]::new)));
    }

    /**
     * The value a property gets: DO_NOTHING keeps the current one, REPLACE takes the template's, MERGE the merged one,
     * FAIL refuses a template value that differs (ConflictingResourceUpdateException, the error of RegisterThing's
     * model for AWS's ResourceConflictsException: docs/aws-behaviour.md §6.8).
     */
    private <T> T overridden(OverrideSetting setting, T current, T given, T merged, String thingName, String property) {
        return switch (setting) {
            case REPLACE -> given;
            case MERGE -> merged;
            case FAIL -> {
                if (!Objects.equals(current, given)) {
                    throw errors.iot(
                            "ConflictingResourceUpdateException",
                            "Thing " + thingName + " exists with another " + property
                                    + " than the template's, and the template's override setting for " + property
                                    + " is FAIL");
                }
                yield current;
            }
            default -> current;
        };
    }

    /** The template's attributes over the thing's, as UpdateThing applies them (an empty value removes one). */
    private static Map<String, String> updated(Map<String, String> current, Map<String, String> given, boolean merge) {
        return new ThingUpdate(null, null, given, merge, null, false).attributesOf(current);
    }
}
