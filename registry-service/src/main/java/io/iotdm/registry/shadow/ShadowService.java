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
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Shadows, classic and named (docs/aws-behaviour.md §4), over HTTP (iot-data) and MQTT (devices' requests, {@link
 * #answer}): each accepted update or deletion, wherever it came from, commits with its document on {@code
 * aws.things.shadow} and its messages for devices on {@code iotdm.device.outbound}. Failures are {@link
 * ShadowException}s, which each transport renders its own way.
 */
@ApplicationScoped
public class ShadowService {

    private static final Logger LOG = Logger.getLogger(ShadowService.class);

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
     * Answers devices' requests of a batch on {@code iotdm.device.outbound} (docs/aws-behaviour.md §4.1), in their order
     * and in one transaction: the requests, their answers and the claims of their message ids commit together, so a
     * request Kafka delivers again is not applied again (its answers went out the first time). A rejected request
     * commits its {@code /rejected} answer and its claim, and the requests behind it go on; a failure of the database
     * commits nothing, and all of them are applied again later ({@link ShadowRequestConsumer}).
     *
     * <p>Any other failure (a bug, a stored shadow that does not read) fails the transaction, and is isolated by thing
     * ({@link #isolated}): the batch is applied again without the thing whose request failed, in one transaction, and
     * that thing's requests alone, one by one; the one that fails again is answered {@code 500} and claimed ({@link
     * DeviceRequestFailures}). One bad request so costs one more transaction for the rest of the batch and one per
     * request of its thing, where applying the whole batch again one request at a time cost one per request (500 for a
     * full batch), and it holds up no request behind it.
     *
     * <p>Every shadow the requests name is locked and read once, the requests are applied to it in memory in order,
     * and each changed shadow is written once: about seven round trips to PostgreSQL and one commit however many
     * requests and things. One transaction per request took seven round trips and a commit (fsync) each, and the
     * registry's consumer was where updates queued (below 200/s from 50 devices: p50 5.2 s and growing); one per thing
     * and batch, with a shadow still locked, read and written per request, sustained about 560/s (docs/benchmarks.md,
     * "Shadow updates over MQTT: where the time goes").
     */
    Uni<Void> answer(List<ShadowRequest> requests) {
        return isolated(requests, clock.instant());
    }

    /**
     * The requests in one transaction; if that fails other than by an outage, again without the thing that failed.
     * Things are independent (each request reads and writes its own thing's shadows only), so setting one aside changes
     * no other's answers, and a thing's requests stay together and in order.
     */
    private Uni<Void> isolated(List<ShadowRequest> requests, Instant now) {
        return applyOnce(requests, now, true)
                .onFailure(failure -> !DeviceRequestFailures.outage(failure))
                .recoverWithUni(failure -> {
                    List<String> things = requests.stream()
                            .map(ShadowRequest::thingName)
                            .distinct()
                            .toList();
                    LOG.warnf(
                            "Answering %d shadow requests of %d things together failed, isolating the failing thing: %s",
                            requests.size(), things.size(), failure.toString());
                    if (things.size() == 1) {
                        return oneByOne(requests, now);
                    }
                    Optional<String> failed = FailedThing.of(failure);
                    if (failed.isPresent()) {
                        Set<String> thing = Set.of(failed.get());
                        return isolated(of(requests, thing, false), now)
                                .chain(() -> oneByOne(of(requests, thing, true), now));
                    }
                    // a statement of the whole batch failed, and no request names its thing: halve the things, so
                    // that a bad thing costs about 2·log2(things) transactions, not one per request
                    Set<String> firstHalf = Set.copyOf(things.subList(0, things.size() / 2));
                    return isolated(of(requests, firstHalf, true), now)
                            .chain(() -> isolated(of(requests, firstHalf, false), now));
                });
    }

    /** The requests of {@code things} ({@code among}) or of the other things (not {@code among}), in their order. */
    private static List<ShadowRequest> of(List<ShadowRequest> requests, Set<String> things, boolean among) {
        return requests.stream()
                .filter(request -> things.contains(request.thingName()) == among)
                .toList();
    }

    /** The requests of one thing, after they failed together: each alone, so that only the failing one is lost. */
    private Uni<Void> oneByOne(List<ShadowRequest> requests, Instant now) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ShadowRequest request : requests) {
            chain = chain.chain(() -> DeviceRequestFailures.answeredOrRejected(
                    "Answering the shadow " + request.operation().topicLevel() + " of " + request.thingName()
                            + " (message " + request.messageId() + ")",
                    applyOnce(List.of(request), now, true),
                    failure -> applyOnce(List.of(request), now, false)));
        }
        return chain;
    }

    /**
     * Claims the requests' message ids and answers, in order and in one transaction, those claimed now (an id claimed
     * before was applied before, or is a second delivery in this batch: skipped).
     *
     * @param perform {@code false} to answer each with {@code 500 Internal service failure} (AWS's text,
     *     docs/aws-behaviour.md §4) without reading its shadow: a request that failed for a reason of its own, not an
     *     outage (a bug, a stored shadow that does not read)
     */
    private Uni<Void> applyOnce(List<ShadowRequest> requests, Instant now, boolean perform) {
        List<String> messageIds =
                requests.stream().map(ShadowRequest::messageId).toList();
        return outbox.commit(
                transaction -> applied.claim(transaction, messageIds, now).chain(claimed -> {
                    List<ShadowRequest> applying = requests.stream()
                            .filter(request -> claimed.remove(request.messageId()))
                            .toList();
                    if (!perform) {
                        List<Event> errors = new ArrayList<>(applying.size());
                        applying.forEach(request -> errors.add(internalError(request, now)));
                        return Uni.createFrom().item(new Outcome<Void>(null, errors));
                    }
                    Set<ShadowKey> keys = new LinkedHashSet<>();
                    Set<ShadowKey> updated = new LinkedHashSet<>();
                    for (ShadowRequest request : applying) {
                        keys.add(request.shadow());
                        if (request.operation() == ShadowRequest.Operation.UPDATE) {
                            updated.add(request.shadow());
                        }
                    }
                    return withLocked(transaction, keys, updated, now, locked -> {
                        List<Event> events = new ArrayList<>();
                        applying.forEach(request -> events.addAll(answered(locked, request, now)));
                        return new Outcome<Void>(null, events);
                    });
                }));
    }

    /**
     * {@code work} on the shadows of {@code keys}, locked and read at once; what it changed is written back after it.
     *
     * @param created among {@code keys}, those that an update may create
     */
    private <T> Uni<Outcome<T>> withLocked(
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

    /** {@code 500 Internal service failure} on the request's {@code /rejected} topic. */
    private static Event internalError(ShadowRequest request, Instant now) {
        return rejection(
                request,
                new ShadowException(
                        500,
                        "Internal service failure",
                        ClientToken.fromRequest(request.payload()).orElse(null)),
                now);
    }

    /** Forgets the message ids applied longer ago than any redelivery can come ({@link AppliedDeviceMessages}). */
    Uni<Integer> forgetOldRequests() {
        return applied.prune(pool, clock.instant());
    }

    /**
     * The request's answers, or its {@code /rejected} answer when the shadow service rejects it.
     *
     * @throws FailedThing when it fails otherwise, naming its thing
     */
    private List<Event> answered(LockedShadows locked, ShadowRequest request, Instant now) {
        try {
            return perform(locked, request, now);
        } catch (ShadowException rejected) {
            return List.of(rejection(request, rejected, now));
        } catch (RuntimeException failed) {
            throw new FailedThing(request.thingName(), failed);
        }
    }

    /** A request failed for a reason of its own (not a rejection): its thing is set aside ({@link #isolated}). */
    private static final class FailedThing extends RuntimeException {

        private final String thingName;

        FailedThing(String thingName, RuntimeException cause) {
            super("A shadow request of " + thingName + " failed", cause);
            this.thingName = thingName;
        }

        /** The thing named by {@code failure} or one of its causes. */
        static Optional<String> of(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof FailedThing failed) {
                    return Optional.of(failed.thingName);
                }
            }
            return Optional.empty();
        }
    }

    private List<Event> perform(LockedShadows locked, ShadowRequest request, Instant now) {
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
