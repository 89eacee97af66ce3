package io.iotdm.simulator;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedListener;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * MQTT 5 clients of the device gateway over mutual TLS (docs/aws-behaviour.md §9.1): each with its own key and
 * certificate, all trusting the gateway's CA and all on one executor configuration, so that the HiveMQ client gives
 * them one Netty event loop group (a thousand devices on {@code nettyThreads} threads, not a thousand threads).
 */
public final class GatewayTls {

    private final String host;
    private final int port;
    private final TrustManagerFactory trust;
    private final MqttClientExecutorConfig executor;

    public GatewayTls(StackEndpoints stack, int nettyThreads) {
        this.host = stack.mqttHost();
        this.port = stack.mqttPort();
        this.trust = trusting(stack.mqttCaFile());
        this.executor =
                MqttClientExecutorConfig.builder().nettyThreads(nettyThreads).build();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The trust managers of the gateway's CA, for other TLS clients of the same gateway (bench's baselines). */
    public TrustManagerFactory trust() {
        return trust;
    }

    /** A client that is not connected yet, with no automatic reconnect: a lost connection is the caller's to count. */
    public Mqtt5AsyncClient client(DeviceCredentials credentials) {
        return client(credentials, null);
    }

    /** @param disconnected told when a connection attempt fails or a connection ends, or {@code null} */
    public Mqtt5AsyncClient client(DeviceCredentials credentials, MqttClientDisconnectedListener disconnected) {
        Mqtt5ClientBuilder builder = MqttClient.builder()
                .useMqttVersion5()
                .identifier(credentials.clientId())
                .serverHost(host)
                .serverPort(port)
                .executorConfig(executor)
                .sslConfig(MqttClientSslConfig.builder()
                        .keyManagerFactory(keyManagers(credentials))
                        .trustManagerFactory(trust)
                        .handshakeTimeout(30, TimeUnit.SECONDS)
                        .build());
        if (disconnected != null) {
            builder.addDisconnectedListener(disconnected);
        }
        return builder.buildAsync();
    }

    /** The key managers holding one device's key and certificate. */
    public static KeyManagerFactory keyManagers(DeviceCredentials credentials) {
        try {
            KeyStore own = KeyStore.getInstance("PKCS12");
            own.load(null, null);
            own.setKeyEntry("device", credentials.key(), new char[0], new Certificate[] {credentials.certificate()});
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(own, new char[0]);
            return keys;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot hold the key of " + credentials.clientId(), e);
        }
    }

    private static TrustManagerFactory trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry(
                    "gateway-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(trusted);
            return factory;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot read the gateway's CA " + caFile, e);
        }
    }
}
