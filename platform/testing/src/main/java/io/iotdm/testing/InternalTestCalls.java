package io.iotdm.testing;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.iotdm.grpc.service.InternalCallCredentials;
import io.iotdm.service.auth.InternalSignature;
import java.net.URL;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * The internal secret of a test JVM, and calls signed with it as the gateway and peer services sign theirs. The
 * secret is new for each test JVM, and one for all of its class loaders (Quarkus loads test resources again for each
 * test profile): a system property holds it.
 */
public final class InternalTestCalls {

    private static final String SECRET_PROPERTY = "iotdm.testing.internal-secret";
    private static final String CA_SECRET_PROPERTY = "iotdm.testing.issuing-ca-secret";

    private InternalTestCalls() {}

    /** The secret that {@link DevStackResource} gives the service under test. */
    public static String secret() {
        return jvmSecret(SECRET_PROPERTY);
    }

    /**
     * The secret that seals the provisioning-service's issuing CA key ({@code iotdm.provisioning.ca-key-secret}): one
     * per test JVM, as the devstack of a test JVM and the CA in its PostgreSQL are.
     */
    public static String issuingCaSecret() {
        return jvmSecret(CA_SECRET_PROPERTY);
    }

    private static String jvmSecret(String property) {
        synchronized (System.getProperties()) {
            String secret = System.getProperty(property);
            if (secret == null) {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                System.setProperty(property, secret);
            }
            return secret;
        }
    }

    /** Signs as the caller {@code test}; a service accepts its signatures as a peer's. */
    public static InternalSignature signature() {
        return new InternalSignature(secret(), "test", Duration.ofSeconds(60), Clock.systemUTC());
    }

    /** A plaintext gRPC channel to the service under test (gRPC shares its HTTP port), its calls signed. */
    public static ManagedChannel channel(URL http) {
        return NettyChannelBuilder.forAddress(http.getHost(), http.getPort())
                .usePlaintext()
                .intercept(new InternalCallCredentials(signature()))
                .build();
    }
}
