package io.iotdm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.iotdm.devstack.StackAddresses;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.services.iot.model.CreateKeysAndCertificateResponse;

/**
 * Devices of the end-to-end tests: MQTT 5 clients (HiveMQ MQTT client) over mutual TLS to the suite's device gateway,
 * trusting the gateway's CA from {@code stack.properties} (docs/aws-behaviour.md §9.1), and the answers they read.
 */
final class MqttDevices {

    private static final JsonMapper JSON = new JsonMapper();

    private MqttDevices() {}

    /** A client with the certificate and key that CreateKeysAndCertificate returned. */
    static Mqtt5BlockingClient device(
            StackAddresses stack,
            CreateKeysAndCertificateResponse created,
            String clientId,
            CountDownLatch disconnected)
            throws Exception {
        return device(
                stack,
                clientId,
                DeviceKeys.privateKey(created.keyPair().privateKey()),
                DeviceKeys.certificate(created.certificatePem()),
                disconnected);
    }

    /** A client with this key and certificate; {@code disconnected} counts down when its connection ends. */
    static Mqtt5BlockingClient device(
            StackAddresses stack,
            String clientId,
            PrivateKey key,
            X509Certificate certificate,
            CountDownLatch disconnected)
            throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(Path.of(stack.get(StackAddresses.MQTT_CA_FILE)))) {
            trusted.setCertificateEntry(
                    "gateway-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(trusted);
        KeyStore own = KeyStore.getInstance("PKCS12");
        own.load(null, null);
        own.setKeyEntry("device", key, new char[0], new Certificate[] {certificate});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(own, new char[0]);
        String[] endpoint = stack.get(StackAddresses.MQTT_ENDPOINT).split(":");
        Mqtt5ClientBuilder builder = MqttClient.builder()
                .useMqttVersion5()
                .identifier(clientId)
                .serverHost(endpoint[0])
                .serverPort(Integer.parseInt(endpoint[1]))
                .sslConfig(MqttClientSslConfig.builder()
                        .keyManagerFactory(keys)
                        .trustManagerFactory(trust)
                        .build());
        if (disconnected != null) {
            builder.addDisconnectedListener(context -> disconnected.countDown());
        }
        return builder.buildBlocking();
    }

    /** The next message on {@code topic} as JSON; a message on another topic (a rejection) fails with its payload. */
    static JsonNode answer(Mqtt5BlockingClient.Mqtt5Publishes publishes, String topic) throws Exception {
        Optional<Mqtt5Publish> received = publishes.receive(30, TimeUnit.SECONDS);
        assertThat(received).as("an answer on " + topic).isPresent();
        String payload = new String(received.get().getPayloadAsBytes(), StandardCharsets.UTF_8);
        assertThat(received.get().getTopic().toString()).as(payload).isEqualTo(topic);
        return JSON.readTree(payload);
    }
}
