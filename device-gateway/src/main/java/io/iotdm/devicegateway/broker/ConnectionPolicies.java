package io.iotdm.devicegateway.broker;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.parameter.ClientBasedInput;
import io.iotdm.devicegateway.identity.DeviceIdentities;
import io.iotdm.devicegateway.identity.DeviceIdentity;
import io.iotdm.iotpolicy.IotResources;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Authorizes one request of a connected device against the policies in force for its certificate and client id
 * (docs/aws-behaviour.md §9.2). An identity that provisioning-service cannot give, or that is no longer accepted (a
 * change not yet applied to the session), allows nothing.
 */
@ApplicationScoped
class ConnectionPolicies {

    private static final Logger LOG = Logger.getLogger(ConnectionPolicies.class);

    /** How long the broker holds a packet while the identity is asked for; then the request is refused. */
    static final Duration DECISION_TIMEOUT = Duration.ofSeconds(10);

    private final DeviceIdentities identities;
    private final IotResources resources;

    ConnectionPolicies(DeviceIdentities identities, IotResources resources) {
        this.identities = identities;
        this.resources = resources;
    }

    IotResources resources() {
        return resources;
    }

    static Optional<X509Certificate> clientCertificate(ConnectionInformation connection) {
        return connection.getClientTlsInformation().flatMap(ClientTlsInformation::getClientCertificate);
    }

    /**
     * Decides whether every one of {@code actions} is allowed on {@code resource}, and calls {@code decision} with the
     * answer: at once when the identity is known, otherwise after {@code async} has suspended the packet (resumed
     * after the decision).
     */
    void authorize(
            ClientBasedInput input,
            String resource,
            Supplier<Async<?>> async,
            Consumer<Boolean> decision,
            String... actions) {
        CompletableFuture<Boolean> allowed = decide(input, resource, actions);
        if (allowed.isDone()) {
            decision.accept(allowed.join());
            return;
        }
        Async<?> suspended = async.get();
        allowed.thenAccept(answer -> {
            try {
                decision.accept(answer);
            } finally {
                suspended.resume();
            }
        });
    }

    /** Whether every one of {@code actions} is allowed on {@code resource}: done at once when the identity is known. */
    CompletableFuture<Boolean> decide(ClientBasedInput input, String resource, String... actions) {
        return identity(input).handle((identity, failure) -> {
            if (failure != null) {
                LOG.warnf(
                        "No identity for client %s, so %s is refused: %s",
                        input.getClientInformation().getClientId(), resource, failure.toString());
                return false;
            }
            if (identity.refusal(Instant.now()).isPresent()) {
                return false;
            }
            for (String action : actions) {
                if (!identity.allows(action, resource)) {
                    return false;
                }
            }
            return true;
        });
    }

    private CompletableFuture<DeviceIdentity> identity(ClientBasedInput input) {
        ConnectionInformation connection = input.getConnectionInformation();
        Optional<X509Certificate> certificate = clientCertificate(connection);
        if (certificate.isEmpty()) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("the connection has no client certificate"));
        }
        String certificateId = connection
                .getConnectionAttributeStore()
                .getAsString(LiveSessions.CERTIFICATE_ID)
                .orElseGet(() -> DeviceIdentities.certificateId(certificate.get()));
        return identities.identify(
                certificate.get(), certificateId, input.getClientInformation().getClientId());
    }
}
