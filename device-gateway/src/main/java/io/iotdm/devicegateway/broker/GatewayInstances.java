package io.iotdm.devicegateway.broker;

import io.iotdm.devicegateway.DeviceGatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The gateway instances of the cluster (docs/architecture.md, "One session per client id across gateway instances"):
 * each publishes a heartbeat on {@value SessionClaims#INSTANCES} every {@code cluster.heartbeat-interval}; every
 * instance reads the heartbeats and the session claims (channel {@value #CHANNEL}, a group of its own per instance,
 * from the beginning). An instance whose heartbeat has not been read for {@code cluster.instance-timeout} is dead: one
 * surviving instance, the live one with the smallest id, publishes presence {@code disconnected} ({@code
 * CONNECTION_LOST}) for the sessions it still held, releases them, and marks it gone (docs/aws-behaviour.md §9.5).
 * Liveness is judged by when this instance read a heartbeat, never by the clocks of two machines.
 */
@ApplicationScoped
class GatewayInstances {

    static final String CHANNEL = "gateway-sessions";

    private static final Logger LOG = Logger.getLogger(GatewayInstances.class);

    private final LiveSessions sessions;
    private final SessionClaims claims;
    private final LifecycleEvents presence;
    private final long heartbeatMillis;
    private final long timeoutNanos;
    /** When this instance last read each other instance's heartbeat ({@link System#nanoTime()}), by instance id. */
    private final Map<String, Long> heard = new ConcurrentHashMap<>();

    private final long startedNanos = System.nanoTime();
    private ScheduledExecutorService heartbeats;

    GatewayInstances(
            LiveSessions sessions, SessionClaims claims, LifecycleEvents presence, DeviceGatewayConfig config) {
        this.sessions = sessions;
        this.claims = claims;
        this.presence = presence;
        this.heartbeatMillis = config.cluster().heartbeatInterval().toMillis();
        this.timeoutNanos = config.cluster().instanceTimeout().toNanos();
    }

    void start(@Observes StartupEvent started) {
        heartbeats = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("gateway-heartbeat").daemon().factory());
        heartbeats.scheduleWithFixedDelay(this::beat, 0, heartbeatMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the heartbeats without marking this instance gone: the broker's stop ends every session with its presence
     * event and release, and should one of those be lost, the survivors still end it a timeout later.
     */
    void stop(@Observes ShutdownEvent stopping) {
        if (heartbeats != null) {
            heartbeats.shutdownNow();
        }
    }

    @Incoming(CHANNEL)
    Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                if (record.topic().equals(SessionClaims.SESSIONS)) {
                    sessions.read(SessionClaims.Claim.parse(record.key(), record.value()));
                } else {
                    heard(SessionClaims.Heartbeat.parse(record.key(), record.value()));
                }
            } catch (RuntimeException unreadable) {
                LOG.errorf(
                        "Skipping an unreadable record of %s at offset %d: %s",
                        record.topic(), record.offset(), unreadable);
            }
        }
        return Uni.createFrom().voidItem();
    }

    private void heard(SessionClaims.Heartbeat heartbeat) {
        if (heartbeat.instance().equals(claims.instance())) {
            return;
        }
        if (heartbeat.gone()) {
            heard.remove(heartbeat.instance());
        } else {
            heard.put(heartbeat.instance(), System.nanoTime());
        }
    }

    private void beat() {
        try {
            claims.send(new SessionClaims.Heartbeat(claims.instance(), sessions.size(), false));
            long now = System.nanoTime();
            // before a whole timeout has passed since this start, this instance may not yet have read the heartbeat
            // of every live instance, so it might wrongly think itself the smallest
            if (now - startedNanos < timeoutNanos) {
                return;
            }
            List<String> dead = heard.entrySet().stream()
                    .filter(entry -> now - entry.getValue() > timeoutNanos)
                    .map(Map.Entry::getKey)
                    .toList();
            if (dead.isEmpty() || !responsible(now)) {
                return;
            }
            dead.forEach(this::endSessionsOf);
        } catch (RuntimeException failure) {
            LOG.warnf("The heartbeat round failed: %s", failure.toString());
        }
    }

    /** Whether this instance is the live one with the smallest id: exactly one instance ends a dead one's sessions. */
    private boolean responsible(long now) {
        String smallest = Stream.concat(
                        Stream.of(claims.instance()),
                        heard.entrySet().stream()
                                .filter(entry -> now - entry.getValue() <= timeoutNanos)
                                .map(Map.Entry::getKey))
                .min(Comparator.naturalOrder())
                .orElseThrow();
        return smallest.equals(claims.instance());
    }

    private void endSessionsOf(String instance) {
        List<SessionClaims.Claim> held = sessions.heldBy(instance);
        LOG.infof("Gateway instance %s stopped sending heartbeats: ending its %d sessions", instance, held.size());
        for (SessionClaims.Claim session : held) {
            presence.disconnected(session, false, "CONNECTION_LOST");
            claims.send(session.release());
        }
        claims.send(new SessionClaims.Heartbeat(instance, 0, true));
        heard.remove(instance);
    }
}
