package io.iotdm.registry.shadow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.PaginationTokens;
import io.iotdm.aws.service.Page;
import io.iotdm.events.Event;
import io.iotdm.events.ShadowEvents;
import io.iotdm.outbox.Outcome;
import io.iotdm.outbox.TransactionalOutbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Shadows, classic and named (docs/aws-behaviour.md §4), over HTTP (iot-data) and MQTT (devices' requests, {@link
 * DeviceShadowRequests}): each accepted update or deletion, wherever it came from, commits with its document on {@code
 * aws.things.shadow} and its messages for devices on {@code iotdm.device.outbound}. Failures are {@link
 * ShadowException}s, which each transport renders its own way.
 */
@ApplicationScoped
public class ShadowService {

    private final Pool pool;
    private final TransactionalOutbox outbox;
    private final ShadowRepository shadows;
    private final ShadowEngine engine = new ShadowEngine();
    private final PaginationTokens tokens;
    private final Clock clock;

    ShadowService(
            Pool pool, TransactionalOutbox outbox, ShadowRepository shadows, PaginationTokens tokens, Clock clock) {
        this.pool = pool;
        this.outbox = outbox;
        this.shadows = shadows;
        this.tokens = tokens;
        this.clock = clock;
    }

    /**
     * @param shadowName {@code null} for the classic shadow
     * @return the GET document
     */
    public Uni<byte[]> get(String thingName, String shadowName) {
        return shadows.find(pool, thingName, shadowName).map(stored -> {
            if (stored.document() == null) {
                throw ShadowException.noShadow(shadowName == null ? thingName : shadowName, null);
            }
            return engine.get(stored.document(), clock.instant().getEpochSecond(), null);
        });
    }

    /** @return the {@code /update/accepted} document */
    public Uni<byte[]> update(String thingName, String shadowName, byte[] request) {
        ShadowUpdate update = ShadowUpdate.parse(request);
        Instant now = clock.instant();
        ShadowKey key = new ShadowKey(thingName, shadowName);
        return outbox.commit(transaction -> withLocked(transaction, List.of(key), List.of(key), now, locked -> {
            ShadowUpdateResult result = applyUpdate(locked, key, update, now);
            return new Outcome<>(result.accepted(), updateEvents(key, result));
        }));
    }

    /** @return the {@code /delete/accepted} document */
    public Uni<byte[]> delete(String thingName, String shadowName) {
        Instant now = clock.instant();
        ShadowKey key = new ShadowKey(thingName, shadowName);
        return outbox.commit(transaction -> withLocked(transaction, List.of(key), List.of(), now, locked -> {
            ShadowDeleteResult result = applyDelete(locked, key, null, now);
            return new Outcome<>(result.accepted(), deleteEvents(key, result));
        }));
    }

    /**
     * {@code work} on the shadows of {@code keys}, locked and read at once; what it changed is written back after it.
     *
     * @param created among {@code keys}, those that an update may create
     */
    <T> Uni<Outcome<T>> withLocked(
            SqlConnection transaction,
            Collection<ShadowKey> keys,
            Collection<ShadowKey> created,
            Instant now,
            Function<LockedShadows, Outcome<T>> work) {
        return shadows.lock(transaction, keys, created, now).chain(locked -> {
            Outcome<T> outcome = work.apply(locked);
            return shadows.write(transaction, locked.changed(), now).replaceWith(outcome);
        });
    }

    /**
     * A device's request applied to the shadows locked for it, in the order of the requests.
     *
     * @return its answers (and for a change, the fleet index's event)
     * @throws ShadowException when the shadow service rejects it
     */
    List<Event> perform(LockedShadows locked, ShadowRequest request, Instant now) {
        ShadowKey key = request.shadow();
        return switch (request.operation()) {
            case GET -> {
                String token = ClientToken.fromRequest(request.payload()).orElse(null);
                ShadowDocument document = locked.get(key).document();
                if (document == null) {
                    throw ShadowException.noShadow(key.displayName(), token);
                }
                yield List.of(ShadowEvents.toDevices(
                        key.thingName(),
                        key.shadowName(),
                        "/get/accepted",
                        document.version(),
                        object(engine.get(document, now.getEpochSecond(), token))));
            }
            case UPDATE -> updateEvents(key, applyUpdate(locked, key, ShadowUpdate.parse(request.payload()), now));
            case DELETE ->
                deleteEvents(
                        key,
                        applyDelete(
                                locked,
                                key,
                                ClientToken.fromRequest(request.payload()).orElse(null),
                                now));
        };
    }

    private ShadowUpdateResult applyUpdate(LockedShadows locked, ShadowKey key, ShadowUpdate update, Instant now) {
        StoredShadow stored = locked.get(key);
        long seconds = now.getEpochSecond();
        ShadowUpdateResult result = stored.document() != null
                ? engine.apply(Optional.of(stored.document()), update, seconds)
                : stored.tombstone() != null
                        ? engine.recreate(stored.tombstone(), update, seconds)
                        : engine.apply(Optional.empty(), update, seconds);
        locked.put(key, new StoredShadow(result.document(), null));
        return result;
    }

    /** @param clientToken the request's token, echoed in {@code /delete/accepted}; {@code null} for none */
    private ShadowDeleteResult applyDelete(LockedShadows locked, ShadowKey key, String clientToken, Instant now) {
        ShadowDocument document = locked.get(key).document();
        if (document == null) {
            throw ShadowException.noShadow(key.displayName(), clientToken);
        }
        ShadowDeleteResult result = engine.delete(document, now.getEpochSecond(), clientToken);
        locked.put(key, new StoredShadow(null, result.tombstone()));
        return result;
    }

    /**
     * An accepted update, wherever it came from (HTTP or MQTT, as AWS's): its documents for the fleet index on {@code
     * aws.things.shadow}, and for devices {@code /update/accepted}, {@code /update/delta} when desired and reported
     * differ, and {@code /update/documents} (docs/aws-behaviour.md §4.1).
     */
    private static List<Event> updateEvents(ShadowKey key, ShadowUpdateResult result) {
        String thingName = key.thingName();
        String shadowName = key.shadowName();
        long version = result.document().version();
        ObjectNode documents = object(result.documents());
        List<Event> events = new ArrayList<>(4);
        events.add(ShadowEvents.updated(thingName, shadowName, version, documents));
        events.add(
                ShadowEvents.toDevices(thingName, shadowName, "/update/accepted", version, object(result.accepted())));
        result.delta()
                .ifPresent(delta -> events.add(
                        ShadowEvents.toDevices(thingName, shadowName, "/update/delta", version, object(delta))));
        events.add(ShadowEvents.toDevices(thingName, shadowName, "/update/documents", version, documents));
        return events;
    }

    /** A deletion, wherever it came from: for the fleet index and for devices, {@code /delete/accepted}. */
    private static List<Event> deleteEvents(ShadowKey key, ShadowDeleteResult result) {
        String thingName = key.thingName();
        String shadowName = key.shadowName();
        long version = result.tombstone().version();
        ObjectNode accepted = object(result.accepted());
        return List.of(
                ShadowEvents.deleted(thingName, shadowName, version, accepted),
                ShadowEvents.toDevices(thingName, shadowName, "/delete/accepted", version, accepted));
    }

    /** One page of the names of a thing's named shadows. */
    public Uni<Page<String>> namedShadows(String thingName, String nextToken, int pageSize) {
        Map<String, String> parameters = Map.of("thingName", thingName);
        String after = nextToken == null ? null : tokens.cursor("ListNamedShadowsForThing", parameters, nextToken);
        return shadows.names(pool, thingName, after, pageSize + 1)
                .map(names ->
                        Page.of(names, pageSize, last -> tokens.issue("ListNamedShadowsForThing", parameters, last)));
    }

    /** The live shadows of these things that the selection asks for, in thing and shadow name order. */
    public Uni<List<ThingShadow>> live(List<String> thingNames, ShadowSelection selection) {
        if (selection.none() || thingNames.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return shadows.live(pool, thingNames, selection);
    }

    /** Read as shadow JSON, so that the event carries the numbers as stored: 21.50 stays 21.50. */
    static ObjectNode object(byte[] json) {
        try {
            return (ObjectNode) ShadowJson.read(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
