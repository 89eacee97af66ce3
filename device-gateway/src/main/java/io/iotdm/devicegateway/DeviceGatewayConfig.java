package io.iotdm.devicegateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The device gateway's settings (README, "Configuration"). */
@ConfigMapping(prefix = "iotdm.device-gateway")
public interface DeviceGatewayConfig {

    Mqtt mqtt();

    /** Where the broker keeps its configuration and the gateway its TLS files: the server CA, made on first start. */
    @WithDefault("device-gateway-data")
    Path dataDir();

    /**
     * How long an answer of provisioning-service about a certificate (status, things, policies) is used before it is
     * asked again. Changes announced on {@code iotdm.provisioning-changes} drop answers at once; this bounds how stale
     * an answer can be when such an event is lost or late.
     */
    @WithDefault("30s")
    Duration identityTtl();

    /**
     * How many certificates' answers are kept at most, the least recently used leaving first: one per connected
     * certificate is the need.
     */
    @WithDefault("100000")
    long identityCacheSize();

    /**
     * How long provisioning-service's "not registered" about a certificate is used: an unknown certificate's device
     * that reconnects in a loop asks once per this time. A registration announced on {@code
     * iotdm.provisioning-changes} drops it at once.
     */
    @WithDefault("10s")
    Duration unknownCertificateTtl();

    /**
     * How long the gateway waits for provisioning-service's answer before it refuses the connection, and for the
     * registry's retained messages of a new subscription.
     */
    @WithDefault("5s")
    Duration provisioningDeadline();

    Cluster cluster();

    Limits limits();

    /** AWS IoT's limits per connection (docs/aws-behaviour.md §9.8). */
    interface Limits {

        /** The largest PUBLISH payload in bytes (AWS: 128 KB); a larger one ends the connection. */
        @WithDefault("131072")
        int maxPayloadSize();

        /** How many subscriptions one connection may hold (AWS: 50); the next is refused. */
        @WithDefault("50")
        int maxSubscriptions();

        /** The longest client id in bytes (AWS: 128); a longer CONNECT is refused by the broker. */
        @WithDefault("128")
        int maxClientIdLength();

        /** The longest topic or topic filter in bytes (AWS: 256). */
        @WithDefault("256")
        int maxTopicLength();

        /** The most forward slashes in a topic or topic filter (AWS: 7), besides Basic Ingest's {@code $aws/rules/x/}. */
        @WithDefault("7")
        int maxTopicSlashes();
    }

    /** How the instances of the gateway learn of each other (docs/architecture.md, "One session per client id"). */
    interface Cluster {

        /** How often an instance publishes its heartbeat. */
        @WithDefault("5s")
        Duration heartbeatInterval();

        /**
         * How long after an instance's last heartbeat it counts as dead, and one surviving instance publishes presence
         * {@code disconnected} for its sessions. Several heartbeat intervals, so that one late or lost heartbeat or a
         * garbage-collection pause does not end an instance's sessions.
         */
        @WithDefault("20s")
        Duration instanceTimeout();
    }

    /** The MQTT listener. */
    interface Mqtt {

        /** The address the TLS listener binds to: loopback unless a deployment says otherwise. */
        @WithDefault("127.0.0.1")
        String host();

        @WithDefault("28883")
        int port();

        /**
         * The names devices reach the gateway by, besides {@code localhost} and {@code 127.0.0.1}: every one is put in
         * the server certificate (subjectAltName), which devices check against the host they connected to.
         */
        Optional<List<String>> hostNames();
    }
}
