package io.iotdm.devicegateway.broker;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import io.iotdm.devicegateway.identity.DeviceIdentities;
import io.iotdm.devicegateway.identity.DeviceIdentity;
import io.iotdm.iotpolicy.IotResources;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * CONNECT (docs/aws-behaviour.md §9.1): the client certificate of the TLS handshake (registered or provisioned just in
 * time first when its CA auto-registers, §6.3) must be registered and ACTIVE,
 * under an ACTIVE CA if it was registered under one, and valid now; the policies in force must allow {@code
 * iot:Connect} on the client id. Otherwise CONNACK "not authorized" (MQTT 3.1.1 return code 5, MQTT 5 reason code
 * 0x87); when provisioning-service does not answer, "server unavailable" (3, 0x88). The MQTT user name (the AWS device
 * SDKs send one with their metrics) and password are not looked at.
 */
@ApplicationScoped
class DeviceAuthenticator implements SimpleAuthenticator {

    private static final Logger LOG = Logger.getLogger(DeviceAuthenticator.class);

    private final DeviceIdentities identities;
    private final LiveSessions sessions;
    private final IotResources resources;

    DeviceAuthenticator(DeviceIdentities identities, LiveSessions sessions, ConnectionPolicies policies) {
        this.identities = identities;
        this.sessions = sessions;
        this.resources = policies.resources();
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        String clientId = input.getConnectPacket().getClientId();
        Optional<X509Certificate> presented = ConnectionPolicies.clientCertificate(input.getConnectionInformation());
        if (presented.isEmpty()) {
            // the listener requires a client certificate, so the handshake has failed before this: fail closed anyway
            LOG.infof("CONNECT of client %s refused: no client certificate", clientId);
            output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED);
            return;
        }
        X509Certificate certificate = presented.get();
        String certificateId = DeviceIdentities.certificateId(certificate);
        ConnectionAttributeStore attributes = input.getConnectionInformation().getConnectionAttributeStore();
        attributes.putAsString(ClientLogs.PRESENTED_CERTIFICATE_ID, certificateId);
        Async<SimpleAuthOutput> async = output.async(
                ConnectionPolicies.DECISION_TIMEOUT, TimeoutFallback.FAILURE, ConnackReasonCode.SERVER_UNAVAILABLE);
        identities.identifyAtConnect(certificate, certificateId, clientId).whenComplete((identity, failure) -> {
            try {
                if (failure != null) {
                    LOG.warnf(
                            "CONNECT of client %s refused: provisioning-service did not describe certificate %s: %s",
                            clientId, certificateId, failure.toString());
                    output.failAuthentication(ConnackReasonCode.SERVER_UNAVAILABLE);
                    return;
                }
                Optional<String> refusal = refusal(identity, clientId);
                if (refusal.isPresent()) {
                    LOG.infof("CONNECT of client %s refused: %s", clientId, refusal.get());
                    output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED);
                    return;
                }
                String token = UUID.randomUUID().toString();
                attributes.putAsString(LiveSessions.CERTIFICATE_ID, certificateId);
                attributes.putAsString(LiveSessions.TOKEN, token);
                sessions.connected(
                        new LiveSessions.Session(
                                clientId,
                                token,
                                certificateId,
                                identity.registration().getCaCertificateId(),
                                certificate,
                                System.currentTimeMillis()),
                        input.getConnectionInformation().getInetAddress().orElse(null));
                output.authenticateSuccessfully();
            } finally {
                async.resume();
            }
        });
    }

    private Optional<String> refusal(DeviceIdentity identity, String clientId) {
        return identity.refusal(Instant.now())
                .or(() -> identity.allows(IotResources.CONNECT, resources.client(clientId))
                        ? Optional.empty()
                        : Optional.of("the policies of certificate " + identity.certificateId()
                                + " do not allow iot:Connect as " + clientId));
    }
}
