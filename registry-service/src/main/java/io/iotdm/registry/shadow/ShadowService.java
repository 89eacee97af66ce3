package io.iotdm.registry.shadow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.PaginationTokens;
import io.iotdm.aws.service.Page;
import io.iotdm.events.Event;
import io.iotdm.events.ShadowEvents;
import io.iotdm.messaging.DeviceRequestFailures;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Shadows, classic and named (docs/aws-behaviour.md §4), over HTTP (iot-data) and MQTT (devices' requests, {@link
 * #answer}): each accepted update or deletion, wherever it came from, commits with its document on {@code
 * aws.things.shadow} and its messages for devices on {@code iotdm.device.outbound}. Failures are {@link
 * ShadowException}s, which each transport renders its own way.
 */
@ApplicationScoped
public class ShadowService {

    private final Pool pool;
    private final TransactionalOutbox outbox;
    private final ShadowRepository shadows;
    private final AppliedDeviceMessages applied;
    private final ShadowEngine engine = new ShadowEngine();
    private final PaginationTokens tokens;
    private final Clock clock;

    ShadowService(
            Pool pool,
            TransactionalOutbox outbox,
            ShadowRepository shadows,
            AppliedDeviceMessages applied,
            PaginationTokens tokens,
            Clock clock) {
        this.pool = pool;
        this.outbox = outbox;
        this.shadows = shadows;
        this.applied = applied;
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
        return outbox.commit(transaction -> applyUpdate(transaction, thingName, shadowName, update, now)
                .map(result -> new Outcome<>(result.accepted(), updateEvents(thingName, shadowName, result))));
    }

    /** @return the {@code /delete/accepted} document */
    public Uni<byte[]> delete(String thingName, String shadowName) {
        Instant now = clock.instant();
        return outbox.commit(transaction -> applyDelete(transaction, thingName, shadowName, null, now)
                .map(result -> new Outcome<>(result.accepted(), deleteEvents(thingName, shadowName, result))));
    }

    /**
     * Answers one thing's requests of a batch on {@code iotdm.device.outbound} (docs/aws-behaviour.md §4.1), in their
     * order and in one transaction: the requests, their answers and the claims of their message ids commit together,
     * so a request Kafka delivers again is not applied again (its answers went out the first time). A rejected request
     * commits its {@code /rejected} answer and its claim, and the requests behind it go on; a failure of the database
     * commits nothing, and all of them are applied again later. Any other failure (a bug, a stored value that does not
     * read) fails the group's transaction: the requests are then applied one by one, each in a transaction of its own,
     * and the one that fails again is answered {@code 500} and claimed ({@link DeviceRequestFailures}), so it holds up
     * no request behind it.
     *
     * <p>One transaction per thing and batch rather than per request: a request alone took seven round trips to
     * PostgreSQL and a commit (fsync) of its own, and the registry's consumer was where updates queued (below 200/s
     * from 50 devices: p50 5.2 s and growing); with the claims, the outbox rows and the commit shared, it sustained
     * 500/s from 100 devices on the same loaded machine (docs/benchmarks.md, "Shadow updates over MQTT: where the
     * time goes").
     */
    Uni<Void> answer(List<ShadowRequest> requests) {
        Instant now = clock.instant();
        return DeviceRequestFailures.answeredOrRejected(
                "Answering " + requests.size() + " shadow requests of "
                        + requests.getFirst().thingName() + " together",
                together(requests, now),
                failure -> oneByOne(requests, now));
    }

    private Uni<Void> together(List<ShadowRequest> requests, Instant now) {
        List<String> messageIds =
                requests.stream().map(ShadowRequest::messageId).toList();
        return outbox.commit(
                transaction -> applied.claim(transaction, messageIds, now).chain(claimed -> {
                    List<Event> events = new ArrayList<>();
                    Uni<Void> inOrder = Uni.createFrom().voidItem();
                    for (ShadowRequest request : requests) {
                        // an id not claimed now was applied before, or is a second delivery in this batch: skipped
                        if (claimed.remove(request.messageId())) {
                            inOrder = inOrder.chain(() -> answered(transaction, request, now, performing(request, now))
                                    .invoke(events::addAll)
                                    .replaceWithVoid());
                        }
                    }
                    return inOrder.map(done -> new Outcome<Void>(null, events));
                }));
    }

    /** After a failure of the group that is not an outage: each request alone, so that only the failing one is lost. */
    private Uni<Void> oneByOne(List<ShadowRequest> requests, Instant now) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ShadowRequest request : requests) {
            chain = chain.chain(() -> DeviceRequestFailures.answeredOrRejected(
                    "Answering the shadow " + request.operation().topicLevel() + " of " + request.thingName()
                            + " (message " + request.messageId() + ")",
                    answerOnce(request, now, performing(request, now)),
                    failure -> answerOnce(request, now, transaction -> internalError(request, now))));
        }
        return chain;
    }

    /**
     * A request that failed for a reason of its own, not an outage (a bug): {@code 500 Internal service failure}
     * (AWS's text, docs/aws-behaviour.md §4), committed with the claim of its message id in a transaction of its own
     * (the failed one may be aborted).
     */
    private Uni<List<Event>> internalError(ShadowRequest request, Instant now) {
        return Uni.createFrom()
                .item(List.of(rejection(
                        request,
                        new ShadowException(
                                500,
                                "Internal service failure",
                                ClientToken.fromRequest(request.payload()).orElse(null)),
                        now)));
    }

    /** {@code events} committed with the claim of the request's message id, unless it was claimed before. */
    private Uni<Void> answerOnce(ShadowRequest request, Instant now, Function<SqlConnection, Uni<List<Event>>> events) {
        return outbox.commit(transaction -> applied.claim(transaction, List.of(request.messageId()), now)
                .chain(claimed -> {
                    if (claimed.isEmpty()) {
                        return Uni.createFrom().item(new Outcome<Void>(null, List.of()));
                    }
                    return answered(transaction, request, now, events).map(answers -> new Outcome<Void>(null, answers));
                }));
    }

    /** Forgets the message ids applied longer ago than any redelivery can come ({@link AppliedDeviceMessages}). */
    Uni<Integer> forgetOldRequests() {
        return applied.prune(pool, clock.instant());
    }

    /** The request's answers, or its {@code /rejected} answer when the shadow service rejects it. */
    private Uni<List<Event>> answered(
            SqlConnection transaction,
            ShadowRequest request,
            Instant now,
            Function<SqlConnection, Uni<List<Event>>> events) {
        return Uni.createFrom()
                .deferred(() -> events.apply(transaction))
                .onFailure(ShadowException.class)
                .recoverWithItem(rejected -> List.of(rejection(request, (ShadowException) rejected, now)));
    }

    private Function<SqlConnection, Uni<List<Event>>> performing(ShadowRequest request, Instant now) {
        return transaction -> perform(transaction, request, now);
    }

    private Uni<List<Event>> perform(SqlConnection transaction, ShadowRequest request, Instant now) {
        String thingName = request.thingName();
        String shadowName = request.shadowName();
        return switch (request.operation()) {
            case GET -> {
                String token = ClientToken.fromRequest(request.payload()).orElse(null);
                yield shadows.find(transaction, thingName, shadowName).map(stored -> {
                    if (stored.document() == null) {
                        throw ShadowException.noShadow(shadowName == null ? thingName : shadowName, token);
                    }
                    return List.of(ShadowEvents.toDevices(
                            thingName,
                            shadowName,
                            "/get/accepted",
                            stored.document().version(),
                            object(engine.get(stored.document(), now.getEpochSecond(), token))));
                });
            }
            case UPDATE -> {
                ShadowUpdate update = ShadowUpdate.parse(request.payload());
                yield applyUpdate(transaction, thingName, shadowName, update, now)
                        .map(result -> updateEvents(thingName, shadowName, result));
            }
            case DELETE ->
                applyDelete(
                                transaction,
                                thingName,
                                shadowName,
                                ClientToken.fromRequest(request.payload()).orElse(null),
                                now)
                        .map(result -> deleteEvents(thingName, shadowName, result));
        };
    }

    private Uni<ShadowUpdateResult> applyUpdate(
            SqlConnection transaction, String thingName, String shadowName, ShadowUpdate update, Instant now) {
        return shadows.lock(transaction, thingName, shadowName, now).chain(stored -> {
            long seconds = now.getEpochSecond();
            ShadowUpdateResult result = stored.document() != null
                    ? engine.apply(Optional.of(stored.document()), update, seconds)
                    : stored.tombstone() != null
                            ? engine.recreate(stored.tombstone(), update, seconds)
                            : engine.apply(Optional.empty(), update, seconds);
            return shadows.save(transaction, thingName, shadowName, result.document(), now)
                    .replaceWith(result);
        });
    }

    /** @param clientToken the request's token, echoed in {@code /delete/accepted}; {@code null} for none */
    private Uni<ShadowDeleteResult> applyDelete(
            SqlConnection transaction, String thingName, String shadowName, String clientToken, Instant now) {
        return shadows.lock(transaction, thingName, shadowName, now).chain(stored -> {
            if (stored.document() == null) {
                throw ShadowException.noShadow(shadowName == null ? thingName : shadowName, clientToken);
            }
            ShadowDeleteResult result = engine.delete(stored.document(), now.getEpochSecond(), clientToken);
            return shadows.markDeleted(transaction, thingName, shadowName, result.tombstone())
                    .replaceWith(result);
        });
    }

    /**
     * An accepted update, wherever it came from (HTTP or MQTT, as AWS's): its documents for the fleet index on {@code
     * aws.things.shadow}, and for devices {@code /update/accepted}, {@code /update/delta} when desired and reported
     * differ, and {@code /update/documents} (docs/aws-behaviour.md §4.1).
     */
    private static List<Event> updateEvents(String thingName, String shadowName, ShadowUpdateResult result) {
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
    private static List<Event> deleteEvents(String thingName, String shadowName, ShadowDeleteResult result) {
        long version = result.tombstone().version();
        ObjectNode accepted = object(result.accepted());
        return List.of(
                ShadowEvents.deleted(thingName, shadowName, version, accepted),
                ShadowEvents.toDevices(thingName, shadowName, "/delete/accepted", version, accepted));
    }

    /** {@code /get|update|delete/rejected}: {@code {code, message, timestamp, clientToken?}} (§4). */
    private static Event rejection(ShadowRequest request, ShadowException rejected, Instant now) {
        return ShadowEvents.toDevices(
                request.thingName(),
                request.shadowName(),
                "/" + request.operation().topicLevel() + "/rejected",
                0,
                object(rejected.errorPayload(now.getEpochSecond())));
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
    private static ObjectNode object(byte[] json) {
        try {
            return (ObjectNode) ShadowJson.read(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
