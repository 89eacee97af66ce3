package io.iotdm.devicegateway.broker;

import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.services.Services;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The sessions connected to this gateway, by client id, with the certificate each presented: what a provisioning change
 * about a certificate or a CA must look at. One session per client id, as HiveMQ keeps them on one instance (a second
 * CONNECT with the same client id takes the session over); each connection is told apart by a token kept in its
 * connection attributes, so that the old connection's disconnect does not remove its successor.
 */
@ApplicationScoped
public class LiveSessions implements ClientLifecycleEventListener {

    private static final Logger LOG = Logger.getLogger(LiveSessions.class);

    /** The connection attribute that holds the token of {@link #connected}. */
    static final String TOKEN = "iotdm.session-token";

    /** The connection attribute that holds the certificate id the connection authenticated with. */
    static final String CERTIFICATE_ID = "iotdm.certificate-id";

    /**
     * @param caCertificateId empty when the certificate was not registered under a CA
     */
    public record Session(
            String clientId, String token, String certificateId, String caCertificateId, X509Certificate certificate) {}

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    void connected(Session session) {
        sessions.put(session.clientId(), session);
    }

    public List<Session> withCertificate(String certificateId) {
        return sessions.values().stream()
                .filter(session -> session.certificateId().equals(certificateId))
                .toList();
    }

    public List<Session> underCa(String caCertificateId) {
        return sessions.values().stream()
                .filter(session -> session.caCertificateId().equals(caCertificateId))
                .toList();
    }

    /** Ends the session's connection, if it is still the client id's current one. */
    public CompletableFuture<Boolean> drop(Session session, String reason) {
        if (sessions.get(session.clientId()) != session) {
            return CompletableFuture.completedFuture(false);
        }
        LOG.infof("Disconnecting client %s: %s", session.clientId(), reason);
        return Services.clientService().disconnectClient(session.clientId());
    }

    @Override
    public void onMqttConnectionStart(ConnectionStartInput input) {}

    @Override
    public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {}

    @Override
    public void onDisconnect(DisconnectEventInput input) {
        input.getConnectionInformation()
                .getConnectionAttributeStore()
                .getAsString(TOKEN)
                .ifPresent(token -> sessions.computeIfPresent(
                        input.getClientInformation().getClientId(),
                        (clientId, session) -> session.token().equals(token) ? null : session));
    }
}
