package io.iotdm.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Everything the gateway reads from configuration, under {@code iotdm.gateway}. */
@ConfigMapping(prefix = "iotdm.gateway")
public interface GatewayConfig {

    /** Largest request body accepted; 128 KiB is the IoT Publish limit, the largest body any in-scope API takes. */
    @WithDefault("131072")
    int maxBodyBytes();

    /**
     * How long a client may take to send a request body once its headers are in. A client that trickles its body
     * holds a connection and a buffer; 128 KiB at 10 s is 13 KB/s, which any client that means to call reaches.
     */
    @WithDefault("10s")
    Duration bodyReadTimeout();

    /** {@code iotdm.gateway.credentials.<accessKeyId>=<secret>}. */
    Map<String, String> credentials();

    /** A mounted secret in properties format ({@code accessKeyId=secret}), read once at start. */
    Optional<Path> credentialsFile();

    /** {@code iotdm.gateway.services.<owner>.url}: where each iotdm service listens; absent = not deployed. */
    Map<String, Service> services();

    Upstream upstream();

    interface Service {
        /** Base URL, for example {@code http://127.0.0.1:29081}; a path, if any, is prefixed to every request. */
        Optional<URI> url();
    }

    interface Upstream {
        /** Pooled keep-alive connections per upstream service. */
        @WithDefault("64")
        int poolSize();

        @WithDefault("2s")
        Duration connectTimeout();

        /** How long the upstream may stay silent (before and between response chunks). */
        @WithDefault("30s")
        Duration responseTimeout();
    }
}
