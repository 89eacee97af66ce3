package io.iotdm.devicegateway.broker;

import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ClientInitiatedDisconnectInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionLostInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ServerInitiatedDisconnectInput;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.services.Services;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The sessions connected to this gateway, by client id, with the certificate each presented: what a provisioning change
 * about a certificate or a CA must look at. One session per client id, as HiveMQ keeps them on one instance (a second
 * CONNECT with the same client id takes the session over); each connection is told apart by a token kept in its
 * connection attributes, so that the old connection's disconnect does not remove its successor. Each session's start
 * and end are published as AWS's presence events ({@link LifecycleEvents}).
 *
 * <p>Across instances (docs/aws-behaviour.md §9.1, docs/architecture.md "One session per client id across gateway
 * instances"): each session is claimed on {@value SessionClaims#SESSIONS}, which every instance reads in order; the
 * claim read last for a client id wins, and a session whose own claim was read before another instance's claim of its
 * client id is disconnected ({@code DUPLICATE_CLIENTID}). What is read there is also the cluster's view of who holds
 * which client id, from which a dead instance's sessions are ended ({@link GatewayInstances}).
 */
@ApplicationScoped
@Startup // its metrics exist from the start, not from the first connection
public class LiveSessions implements ClientLifecycleEventListener {

    private static final Logger LOG = Logger.getLogger(LiveSessions.class);

    /** The connection attribute that holds the token of {@link #connected}. */
    static final String TOKEN = "iotdm.session-token";

    /** The connection attribute that holds the certificate id the connection authenticated with. */
    static final String CERTIFICATE_ID = "iotdm.certificate-id";

    private static final String DUPLICATE_CLIENTID = "DUPLICATE_CLIENTID";

    /**
     * @param token the session's identifier (AWS's {@code sessionIdentifier})
     * @param caCertificateId empty when the certificate was not registered under a CA
     * @param versionNumber AWS's presence {@code versionNumber}: the epoch milliseconds of the CONNECT, which grow per
     *     client id (AWS's may skip too)
     */
    public record Session(
            String clientId,
            String token,
            String certificateId,
            String caCertificateId,
            X509Certificate certificate,
            long versionNumber) {}

    /** A session the gateway is ending, and why in AWS's words (presence's {@code disconnectReason}). */
    private record Ending(Session session, String reason) {}

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /** by token */
    private final Map<String, Ending> ending = new ConcurrentHashMap<>();
    /**
     * The sessions by certificate id: a certificate's change concerns its few sessions, and a bulk registration's
     * thousands of changes must not each scan every session.
     */
    private final Map<String, Set<Session>> byCertificate = new ConcurrentHashMap<>();
    /** The tokens of this instance's sessions whose claim has been read back: a later claim of another instance wins. */
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();
    /** The claim read last of every client id connected to any instance, by client id. */
    private final Map<String, SessionClaims.Claim> cluster = new ConcurrentHashMap<>();

    private final LifecycleEvents presence;
    private final SessionClaims claims;
    private final Counter connects;

    LiveSessions(LifecycleEvents presence, SessionClaims claims, MeterRegistry registry) {
        this.presence = presence;
        this.claims = claims;
        // what operators size gateways by (docs/operations.md, "Sizing"): sessions held, and the connect rate
        Gauge.builder("iotdm.mqtt.sessions", sessions, Map::size)
                .description("MQTT sessions connected to this device-gateway instance")
                .register(registry);
        this.connects = Counter.builder("iotdm.mqtt.connects")
                .description("Connections that authenticated on this instance")
                .register(registry);
    }

    void connected(Session session, InetAddress address) {
        connects.increment();
        byCertificate.compute(session.certificateId(), (id, held) -> {
            Set<Session> with = held == null ? ConcurrentHashMap.newKeySet() : held;
            with.add(session);
            return with;
        });
        Session previous = sessions.put(session.clientId(), session);
        if (previous != null) {
            // HiveMQ ends the older connection of the same client id
            ending.put(previous.token(), new Ending(previous, DUPLICATE_CLIENTID));
        }
        presence.connected(session, address == null ? null : address.getHostAddress());
        claims.send(claim(session));
    }

    private SessionClaims.Claim claim(Session session) {
        return new SessionClaims.Claim(
                session.clientId(),
                claims.instance(),
                session.token(),
                session.certificateId(),
                session.versionNumber(),
                false);
    }

    /** A record of {@value SessionClaims#SESSIONS}, in the order of its partition. */
    void read(SessionClaims.Claim claim) {
        String clientId = claim.clientId();
        Session local = sessions.get(clientId);
        if (claim.released()) {
            cluster.computeIfPresent(clientId, (id, current) -> current.token().equals(claim.token()) ? null : current);
            if (local != null
                    && claimed.contains(local.token())
                    && !local.token().equals(claim.token())) {
                // an older connection's release came after this session's claim: the compacted topic would keep the
                // release as the client id's state, so claim again
                claims.send(claim(local));
            }
            return;
        }
        cluster.put(clientId, claim);
        if (local == null) {
            return;
        }
        if (local.token().equals(claim.token())) {
            claimed.add(local.token());
        } else if (!claim.instance().equals(claims.instance()) && claimed.contains(local.token())) {
            // another instance's connection of this client id claimed after this one did: the newer wins
            end(local, DUPLICATE_CLIENTID, DisconnectReasonCode.SESSION_TAKEN_OVER, "connected on another instance");
        }
    }

    /** The sessions that {@code instance} held as far as its claims and releases tell. */
    List<SessionClaims.Claim> heldBy(String instance) {
        return cluster.values().stream()
                .filter(claim -> claim.instance().equals(instance))
                .toList();
    }

    int size() {
        return sessions.size();
    }

    /**
     * Whether the connection of this client id that is open on this gateway instance is the one with {@code token}: not
     * an older connection of the client id that a newer one took over, nor one on another instance.
     */
    public boolean holds(String clientId, String token) {
        Session session = sessions.get(clientId);
        return session != null && session.token().equals(token);
    }

    public List<Session> withCertificate(String certificateId) {
        return byCertificate.getOrDefault(certificateId, Set.of()).stream()
                .filter(session -> sessions.get(session.clientId()) == session)
                .toList();
    }

    public List<Session> underCa(String caCertificateId) {
        return sessions.values().stream()
                .filter(session -> session.caCertificateId().equals(caCertificateId))
                .toList();
    }

    /**
     * Ends the session's connection because its certificate is no longer accepted ({@code AUTH_ERROR}), if it is still
     * the client id's current one.
     */
    public CompletableFuture<Boolean> drop(Session session, String reason) {
        return end(session, "AUTH_ERROR", DisconnectReasonCode.NOT_AUTHORIZED, reason);
    }

    private CompletableFuture<Boolean> end(
            Session session, String disconnectReason, DisconnectReasonCode mqtt5Reason, String why) {
        if (sessions.get(session.clientId()) != session) {
            return CompletableFuture.completedFuture(false);
        }
        LOG.infof("Disconnecting client %s: %s", session.clientId(), why);
        ending.put(session.token(), new Ending(session, disconnectReason));
        return Services.clientService().disconnectClient(session.clientId(), false, mqtt5Reason, null);
    }

    @Override
    public void onMqttConnectionStart(ConnectionStartInput input) {}

    @Override
    public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {}

    @Override
    public void onClientInitiatedDisconnect(ClientInitiatedDisconnectInput input) {
        ended(input, true, "CLIENT_INITIATED_DISCONNECT");
    }

    @Override
    public void onConnectionLost(ConnectionLostInput input) {
        ended(input, false, "CONNECTION_LOST");
    }

    @Override
    public void onServerInitiatedDisconnect(ServerInitiatedDisconnectInput input) {
        ended(input, false, "SERVER_INITIATED_DISCONNECT");
    }

    /** Any other end (HiveMQ calls it when no more specific method applies). */
    @Override
    public void onDisconnect(DisconnectEventInput input) {
        ended(input, false, "SERVER_INITIATED_DISCONNECT");
    }

    /** A connection that authenticated ends: forget its session unless a newer one took it over, publish presence. */
    private void ended(DisconnectEventInput input, boolean clientInitiated, String reason) {
        String clientId = input.getClientInformation().getClientId();
        input.getConnectionInformation()
                .getConnectionAttributeStore()
                .getAsString(TOKEN)
                .ifPresent(token -> {
                    Session[] ended = new Session[1];
                    sessions.computeIfPresent(clientId, (id, session) -> {
                        if (session.token().equals(token)) {
                            ended[0] = session;
                            return null;
                        }
                        return session;
                    });
                    Ending byGateway = ending.remove(token);
                    claimed.remove(token);
                    Session session = ended[0] != null ? ended[0] : byGateway == null ? null : byGateway.session();
                    if (session != null) {
                        byCertificate.computeIfPresent(session.certificateId(), (id, held) -> {
                            held.remove(session);
                            return held.isEmpty() ? null : held;
                        });
                        String why = byGateway != null ? byGateway.reason() : reason;
                        presence.disconnected(claim(session), clientInitiated, why);
                        if (!why.equals(DUPLICATE_CLIENTID)) {
                            // a session taken over leaves the newer claim as the client id's state
                            claims.send(claim(session).release());
                        }
                    }
                });
    }
}
