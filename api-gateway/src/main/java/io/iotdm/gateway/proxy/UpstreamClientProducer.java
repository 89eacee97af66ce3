package io.iotdm.gateway.proxy;

import io.iotdm.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The one HTTP client to the upstream services. Creating a client per request would cost a TCP handshake each time;
 * a shared pool of keep-alive connections (one pool per upstream host) keeps the proxy hop cheap.
 */
@Singleton
final class UpstreamClientProducer {

    @Produces
    @Singleton
    HttpClient upstreamClient(Vertx vertx, GatewayConfig config) {
        HttpClientOptions options = new HttpClientOptions()
                .setName("iotdm-upstream")
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setConnectTimeout(
                        Math.toIntExact(config.upstream().connectTimeout().toMillis()))
                // pass bodies through byte for byte: the client asked for the encoding, the client decodes
                .setDecompressionSupported(false);
        PoolOptions pool = new PoolOptions().setHttp1MaxSize(config.upstream().poolSize());
        return vertx.createHttpClient(options, pool);
    }

    void close(@Disposes HttpClient client) {
        client.close();
    }
}
