package io.iotdm.devicegateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.iotdm.devicegateway.broker.LiveSessions;
import io.iotdm.devicegateway.broker.MqttBroker;
import io.iotdm.x509.DeviceKeyPair;
import io.iotdm.x509.IotCertificate;
import io.iotdm.x509.IssuingCa;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The devices of the gateway's tests: a key pair and a certificate of a CA of the test's own (the gateway trusts any
 * issuer at the TLS layer), registered with {@link TestProvisioning}, and HiveMQ MQTT clients that connect with them
 * over mutual TLS, trusting the gateway's CA file, and read what they receive. A bean of the application under test,
 * which the test classes inject.
 */
@Singleton
public class TestDevices {

    /** How long a test waits for a message it expects. */
    private static final long RECEIVE_SECONDS = 30;

    private static final IssuingCa DEVICE_CA = IssuingCa.create(
            new X500Principal("CN=device-gateway test CA"), IssuingCa.KeyAlgorithm.EC_P256, Instant.now());

    private final MqttBroker broker;
    private final int port;
    private final TestProvisioning provisioning;
    private final LiveSessions sessions;

    TestDevices(
            MqttBroker broker,
            @ConfigProperty(name = "iotdm.device-gateway.mqtt.port") int port,
            TestProvisioning provisioning,
            LiveSessions sessions) {
        this.broker = broker;
        this.port = port;
        this.provisioning = provisioning;
        this.sessions = sessions;
    }

    /** The token (AWS's sessionIdentifier) of the one connection that authenticated with the device's certificate. */
    public String sessionToken(Device device) {
        List<LiveSessions.Session> held = sessions.withCertificate(device.certificateId());
        assertThat(held).hasSize(1);
        return held.getFirst().token();
    }

    /** A device's key and certificate. */
    public record Device(DeviceKeyPair keys, IotCertificate certificate) {

        public String certificateId() {
            return certificate.certificateId();
        }
    }

    public static Device device() {
        DeviceKeyPair keys = DeviceKeyPair.generateRsa2048();
        return new Device(
                keys, DEVICE_CA.issue(keys.publicKey(), IssuingCa.KEYS_AND_CERTIFICATE_SUBJECT, Instant.now()));
    }

    /** A new device whose certificate is registered ACTIVE, attached to no thing, with these policies. */
    public Device allowedBy(String... policies) {
        Device device = device();
        provisioning.register(device.certificateId(), TestProvisioning.active(device, List.of(policies)));
        return device;
    }

    /** An MQTT 5 client of a new device {@link #allowedBy} the policy, connected under a new client id. */
    public Mqtt5BlockingClient connected(String policy) {
        Mqtt5BlockingClient client = mqtt5(allowedBy(policy), clientId(), new CountDownLatch(1));
        client.connect();
        return client;
    }

    /** @param disconnected counted down when the connection ends */
    public Mqtt5BlockingClient mqtt5(Device device, String clientId, CountDownLatch disconnected) {
        return mqtt5(device, clientId, cause -> disconnected.countDown());
    }

    /** @param disconnected told why, when the connection ends */
    public Mqtt5BlockingClient mqtt5(Device device, String clientId, Consumer<Throwable> disconnected) {
        return MqttClient.builder()
                .useMqttVersion5()
                .identifier(clientId)
                .serverHost("127.0.0.1")
                .serverPort(port)
                .sslConfig(tls(device))
                .addDisconnectedListener(context -> disconnected.accept(context.getCause()))
                .buildBlocking();
    }

    public Mqtt3BlockingClient mqtt3(Device device, String clientId, CountDownLatch disconnected) {
        return MqttClient.builder()
                .useMqttVersion3()
                .identifier(clientId)
                .serverHost("127.0.0.1")
                .serverPort(port)
                .sslConfig(tls(device))
                .addDisconnectedListener(context -> disconnected.countDown())
                .buildBlocking();
    }

    /** @param device {@code null} for a client without a certificate */
    private MqttClientSslConfig tls(Device device) {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            try (InputStream in = Files.newInputStream(broker.tls().caFile())) {
                trusted.setCertificateEntry(
                        "gateway-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
            trust.init(trusted);
            MqttClientSslConfigBuilder tls = MqttClientSslConfig.builder().trustManagerFactory(trust);
            if (device != null) {
                KeyStore own = KeyStore.getInstance("PKCS12");
                own.load(null, null);
                own.setKeyEntry("device", device.keys().privateKey(), new char[0], new Certificate[] {
                    device.certificate().x509()
                });
                KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(own, new char[0]);
                tls.keyManagerFactory(keys);
            }
            return tls.build();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the test client's TLS cannot be set up", e);
        }
    }

    public static String clientId() {
        return "client-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A CONNECT with the device's certificate is answered "not authorized" (MQTT 5: 0x87). */
    public void assertNotAuthorized(Device device) {
        assertThatThrownBy(
                        () -> mqtt5(device, clientId(), new CountDownLatch(1)).connect())
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class, refused -> assertThat(
                                refused.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
    }

    /** The next message the client receives; fails when none comes within 30 s. */
    public static Mqtt5Publish next(Mqtt5BlockingClient.Mqtt5Publishes received) throws InterruptedException {
        return next(received, 1).getFirst();
    }

    /** The next {@code count} messages the client receives, in order; fails when one does not come within 30 s. */
    public static List<Mqtt5Publish> next(Mqtt5BlockingClient.Mqtt5Publishes received, int count)
            throws InterruptedException {
        Mqtt5Publish[] messages = new Mqtt5Publish[count];
        for (int i = 0; i < count; i++) {
            Optional<Mqtt5Publish> next = received.receive(RECEIVE_SECONDS, TimeUnit.SECONDS);
            assertThat(next).as("message %d of %d", i + 1, count).isPresent();
            messages[i] = next.get();
        }
        return List.of(messages);
    }

    /** The payload of a message, as UTF-8 text. */
    public static String text(Mqtt5Publish message) {
        return new String(message.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    /** A client that presents no certificate. */
    public Mqtt5BlockingClient withoutCertificate(String clientId) {
        return MqttClient.builder()
                .useMqttVersion5()
                .identifier(clientId)
                .serverHost("127.0.0.1")
                .serverPort(port)
                .sslConfig(tls(null))
                .buildBlocking();
    }
}
