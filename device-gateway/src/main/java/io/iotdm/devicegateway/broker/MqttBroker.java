package io.iotdm.devicegateway.broker;

import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import io.iotdm.devicegateway.DeviceGatewayConfig;
import io.iotdm.devicegateway.tls.AnyClientCertificateTrust;
import io.iotdm.devicegateway.tls.ServerTls;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.jboss.logging.Logger;

/**
 * The embedded HiveMQ CE broker: one TLS listener on {@code iotdm.device-gateway.mqtt.host:port} (TLS 1.3 and 1.2,
 * client certificate required), opened once the consumers of what it delivers are positioned ({@link
 * DeliveryConsumers}), sessions in memory (a gateway owns live sessions only:
 * docs/architecture.md §1), no usage statistics, and the gateway's extension. The broker's own logging setup is
 * skipped: it logs through Quarkus's.
 */
@ApplicationScoped
public class MqttBroker {

    private static final Logger LOG = Logger.getLogger(MqttBroker.class);

    private final DeviceGatewayConfig config;
    private final DeviceExtension extension;
    private final DeliveryConsumers deliveries;
    private final ConnectionLimits limits;
    private EmbeddedHiveMQ broker;
    private ServerTls tls;

    MqttBroker(
            DeviceGatewayConfig config,
            DeviceExtension extension,
            @Identifier(DeliveryConsumers.NAME) DeliveryConsumers deliveries,
            ConnectionLimits limits) {
        this.config = config;
        this.extension = extension;
        this.deliveries = deliveries;
        this.limits = limits;
    }

    /** The TLS files; the CA file is what devices trust. */
    public ServerTls tls() {
        return tls;
    }

    void start(@Observes StartupEvent started) throws InterruptedException {
        // no device connects before what is written for it is read (DeliveryConsumers)
        deliveries.awaitPositioned();
        Path dataDir = config.dataDir().toAbsolutePath();
        tls = ServerTls.prepare(dataDir, config.mqtt().hostNames().orElse(List.of()), Instant.now());
        // before the broker builds its TLS context; certificates are accepted only once the extension runs
        AnyClientCertificateTrust.install(extension::ready);
        // Devices publish their requests on $aws/... (docs/aws-behaviour.md §9.6); with an authorizer registered,
        // HiveMQ CE disconnects a client that publishes on a topic starting with '$' unless this internal setting
        // allows it (it has no config.xml element). The authorizers let through only the request topics there
        // (§9.3), and then the policies decide, as for any other topic.
        InternalConfigurations.MQTT_ALLOW_DOLLAR_TOPICS.set(true);
        Path conf = dataDir.resolve("hivemq/conf");
        Path data = dataDir.resolve("hivemq/data");
        Path extensions = dataDir.resolve("hivemq/extensions");
        try {
            Files.createDirectories(conf);
            Files.createDirectories(data);
            Files.createDirectories(extensions);
            Path file = conf.resolve("config.xml");
            Files.deleteIfExists(file);
            // it holds the keystore password
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, configXml());
        } catch (IOException e) {
            throw new UncheckedIOException("the broker's configuration in " + conf + " cannot be written", e);
        }
        broker = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(data)
                .withExtensionsFolder(extensions)
                .withEmbeddedExtension(EmbeddedExtension.builder()
                        .withId("iotdm-device-gateway")
                        .withName("iotdm device gateway")
                        .withVersion("1")
                        .withPriority(1000)
                        .withStartPriority(1000)
                        .withExtensionMain(extension)
                        .build())
                .withoutLoggingBootstrap()
                .build();
        try {
            broker.start().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "the MQTT broker did not start: " + e.getCause().getMessage(), e.getCause());
        }
        if (!extension.ready()) {
            // HiveMQ lets every client in without an authenticator: refuse to run at all
            broker.stop().join();
            throw new IllegalStateException("the device gateway's extension did not start, so the broker is stopped");
        }
        LOG.infof(
                "MQTT over TLS on %s:%d; devices trust the CA in %s",
                config.mqtt().host(), config.mqtt().port(), tls.caFile());
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (broker != null) {
            broker.stop().join();
        }
    }

    private String configXml() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <hivemq>
                  <listeners>
                    <tls-tcp-listener>
                      <port>%d</port>
                      <bind-address>%s</bind-address>
                      <tls>
                        <keystore>
                          <path>%s</path>
                          <password>%s</password>
                          <private-key-password>%s</private-key-password>
                        </keystore>
                        <truststore>
                          <path>%s</path>
                          <password>%s</password>
                        </truststore>
                        <protocols>
                          <protocol>TLSv1.3</protocol>
                          <protocol>TLSv1.2</protocol>
                        </protocols>
                        <client-authentication-mode>REQUIRED</client-authentication-mode>
                      </tls>
                    </tls-tcp-listener>
                  </listeners>
                  <mqtt>
                    <packets>
                      <max-packet-size>%d</max-packet-size>
                    </packets>
                  </mqtt>
                  <restrictions>
                    <max-client-id-length>%d</max-client-id-length>
                    <max-topic-length>%d</max-topic-length>
                  </restrictions>
                  <persistence>
                    <mode>in-memory</mode>
                  </persistence>
                  <anonymous-usage-statistics>
                    <enabled>false</enabled>
                  </anonymous-usage-statistics>
                </hivemq>
                """
                .formatted(
                        config.mqtt().port(),
                        config.mqtt().host(),
                        tls.keystore(),
                        tls.password(),
                        tls.password(),
                        tls.truststore(),
                        tls.password(),
                        limits.maxPacketSize(),
                        limits.maxClientIdLength(),
                        limits.maxTopicLength());
    }
}
