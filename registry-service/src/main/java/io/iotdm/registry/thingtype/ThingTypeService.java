package io.iotdm.registry.thingtype;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.protocol.PaginationTokens;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.Page;
import io.iotdm.events.Event;
import io.iotdm.events.RegistryEvents;
import io.iotdm.events.RegistryEvents.Change;
import io.iotdm.outbox.Outcome;
import io.iotdm.outbox.TransactionalOutbox;
import io.iotdm.registry.thing.ThingRepository;
import io.iotdm.tags.Tag;
import io.iotdm.tags.TagRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Thing type rules (docs/aws-behaviour.md §1.3): immutable but for {@code mqtt5Configuration}; deprecation blocks new
 * associations and is reversible; deletion only once deprecated long enough and unused.
 */
@ApplicationScoped
public class ThingTypeService {

    private static final String MQTT5 = "mqtt5Configuration";

    private final Pool pool;
    private final TransactionalOutbox outbox;
    private final ThingTypeRepository thingTypes;
    private final ThingRepository things;
    private final TagRepository tags;
    private final RegistryEvents events;
    private final AwsErrors errors;
    private final Arns arns;
    private final PaginationTokens tokens;
    private final ThingTypeConfig config;
    private final Clock clock;

    ThingTypeService(
            Pool pool,
            TransactionalOutbox outbox,
            ThingTypeRepository thingTypes,
            ThingRepository things,
            TagRepository tags,
            RegistryEvents events,
            AwsErrors errors,
            Arns arns,
            PaginationTokens tokens,
            ThingTypeConfig config,
            Clock clock) {
        this.pool = pool;
        this.outbox = outbox;
        this.thingTypes = thingTypes;
        this.things = things;
        this.tags = tags;
        this.events = events;
        this.errors = errors;
        this.arns = arns;
        this.tokens = tokens;
        this.config = config;
        this.clock = clock;
    }

    /** Creates a type; creating it again with the same properties answers the existing type. */
    public Uni<ThingType> create(String name, ObjectNode properties, List<Tag> tagList) {
        Instant now = clock.instant();
        return outbox.commit(transaction -> thingTypes
                .insert(transaction, name, UUID.randomUUID().toString(), properties, now)
                .chain(created -> {
                    if (created == null) {
                        return thingTypes.find(transaction, name).map(existing -> {
                            if (existing == null || !existing.properties().equals(properties)) {
                                throw errors.resourceAlreadyExists(
                                        "Thing Type " + name + " already exists in account with different properties",
                                        existing == null ? name : existing.id(),
                                        arns.thingType(name));
                            }
                            return Outcome.of(existing);
                        });
                    }
                    return tags.put(transaction, arns.thingType(name), tagList)
                            .replaceWith(Outcome.of(created, event(Change.CREATED, created)));
                }));
    }

    public Uni<ThingType> describe(String name) {
        return thingTypes.find(pool, name).map(type -> {
            if (type == null) {
                throw notFound(name);
            }
            return type;
        });
    }

    /** AWS lets only {@code mqtt5Configuration} change; any other property must be sent as it is or not at all. */
    public Uni<Void> update(String name, ObjectNode properties) {
        return outbox.commit(transaction -> thingTypes.lock(transaction, name).chain(current -> {
            if (current == null) {
                throw notFound(name);
            }
            ObjectNode updated = current.properties().deepCopy();
            properties.properties().forEach(property -> {
                JsonNode before = current.properties().get(property.getKey());
                if (!property.getKey().equals(MQTT5) && !property.getValue().equals(before)) {
                    throw errors.invalidRequest("Can only update mqtt5Configuration.");
                }
            });
            if (properties.has(MQTT5)) {
                updated.set(MQTT5, properties.get(MQTT5));
            }
            return thingTypes
                    .update(transaction, name, updated, current.deprecated(), current.deprecationDate())
                    .map(type -> Outcome.<Void>of(null, event(Change.UPDATED, type)));
        }));
    }

    /** Deprecates a type, or with {@code undo} makes it usable again. */
    public Uni<Void> deprecate(String name, boolean undo) {
        return outbox.commit(transaction -> thingTypes.lock(transaction, name).chain(current -> {
            if (current == null) {
                throw notFound(name);
            }
            return thingTypes
                    .update(transaction, name, current.properties(), !undo, undo ? null : clock.instant())
                    .map(type -> Outcome.<Void>of(null, event(Change.UPDATED, type)));
        }));
    }

    public Uni<Void> delete(String name) {
        return outbox.commit(transaction -> thingTypes.lock(transaction, name).chain(current -> {
            if (current == null) {
                throw notFound(name);
            }
            if (!current.deprecated()) {
                throw errors.invalidRequest("Thing type " + name + " must be deprecated before it can be deleted");
            }
            Instant deletable = current.deprecationDate().plus(config.thingTypeDeleteDelay());
            if (clock.instant().isBefore(deletable)) {
                throw errors.invalidRequest("Thing type " + name + " can be deleted only "
                        + config.thingTypeDeleteDelay().toMinutes() + " minutes after deprecation, from "
                        + deletable);
            }
            return things.anyOfType(transaction, name).chain(used -> {
                if (used) {
                    throw errors.invalidRequest(
                            "Thing type " + name + " cannot be deleted while things are associated with it");
                }
                return thingTypes
                        .delete(transaction, name)
                        .chain(() -> tags.removeAll(transaction, arns.thingType(name)))
                        .replaceWith(Outcome.<Void>of(null, event(Change.DELETED, current)));
            });
        }));
    }

    /** One page of ListThingTypes, optionally only the type of one name. */
    public Uni<Page<ThingType>> list(String nameFilter, String nextToken, int maxResults) {
        Map<String, String> parameters = new HashMap<>();
        if (nameFilter != null) {
            parameters.put("thingTypeName", nameFilter);
        }
        String after = nextToken == null ? null : tokens.cursor("ListThingTypes", parameters, nextToken);
        return thingTypes
                .list(pool, nameFilter, after, maxResults + 1)
                .map(found ->
                        Page.of(found, maxResults, last -> tokens.issue("ListThingTypes", parameters, last.name())));
    }

    public String arn(String name) {
        return arns.thingType(name);
    }

    private Event event(Change change, ThingType type) {
        return events.thingType(
                change,
                type.id(),
                type.name(),
                type.version(),
                type.deprecated(),
                type.deprecationDate(),
                type.searchableAttributes(),
                type.description(),
                clock.instant());
    }

    private RuntimeException notFound(String name) {
        return errors.resourceNotFound("Thing type " + name + " does not exist");
    }
}
