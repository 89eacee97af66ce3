package io.iotdm.registry.shadow;

import io.iotdm.events.Event;
import io.iotdm.events.ShadowEvents;
import io.iotdm.messaging.DeviceRequestFailures;
import io.iotdm.outbox.Outcome;
import io.iotdm.outbox.TransactionalOutbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The Device Shadow over MQTT (docs/aws-behaviour.md §4.1): the devices' requests that {@link ShadowRequestConsumer}
 * hands over a batch at a time, applied with the same shadow engine and store as iot-data's HTTP operations ({@link
 * ShadowService}), each answered on its {@code /accepted} or {@code /rejected} topic exactly once.
 */
@ApplicationScoped
class DeviceShadowRequests {

    private static final Logger LOG = Logger.getLogger(DeviceShadowRequests.class);

    private final Pool pool;
    private final TransactionalOutbox outbox;
    private final ShadowService service;
    private final AppliedDeviceMessages applied;
    private final Clock clock;

    DeviceShadowRequests(
            Pool pool, TransactionalOutbox outbox, ShadowService service, AppliedDeviceMessages applied, Clock clock) {
        this.pool = pool;
        this.outbox = outbox;
        this.service = service;
        this.applied = applied;
        this.clock = clock;
    }

    /**
     * Answers devices' requests of a batch on {@code iotdm.device.outbound} (docs/aws-behaviour.md §4.1), in their order
     * and in one transaction: the requests, their answers and the claims of their message ids commit together, so a
     * request Kafka delivers again is not applied again (its answers went out the first time). A rejected request
     * commits its {@code /rejected} answer and its claim, and the requests behind it go on; a failure of the database
     * commits nothing, and all of them are applied again later ({@link ShadowRequestConsumer}).
     *
     * <p>Any other failure (a bug, a stored shadow that does not read) fails the transaction, and is isolated by thing
     * ({@link #isolated}): the batch is applied again without the thing whose request failed (in one transaction when
     * the failing request names its thing, else in halves of the things until the failing one is alone), and
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
                    return service.withLocked(transaction, keys, updated, now, locked -> {
                        List<Event> events = new ArrayList<>();
                        applying.forEach(request -> events.addAll(answered(locked, request, now)));
                        return new Outcome<Void>(null, events);
                    });
                }));
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
            return service.perform(locked, request, now);
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

    /** {@code /get|update|delete/rejected}: {@code {code, message, timestamp, clientToken?}} (§4). */
    private static Event rejection(ShadowRequest request, ShadowException rejected, Instant now) {
        return ShadowEvents.toDevices(
                request.thingName(),
                request.shadowName(),
                "/" + request.operation().topicLevel() + "/rejected",
                0,
                ShadowService.object(rejected.errorPayload(now.getEpochSecond())));
    }
}
