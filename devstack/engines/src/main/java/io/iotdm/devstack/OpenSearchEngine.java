package io.iotdm.devstack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OpenSearch as an embedded node in a JVM of its own: its Netty, Jackson and Lucene versions clash
 * with Kafka's and Quarkus's.
 */
final class OpenSearchEngine implements Engine {

    private static final String MAIN_CLASS = "io.iotdm.devstack.opensearch.OpenSearchNodeMain";
    private static final List<String> JVM_OPTIONS = List.of(
            "-Xms64m",
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "--enable-native-access=ALL-UNNAMED",
            // as OpenSearch's own launcher: its ISO calendar provider and Netty defaults
            "-Djava.locale.providers=SPI,CLDR",
            "-Dio.netty.noUnsafe=true",
            "-Dio.netty.noKeySetOptimization=true",
            "-Dio.netty.recycler.maxCapacityPerThread=0",
            "-Dio.netty.allocator.numDirectArenas=0");

    private final Path home;
    private final int httpPort;
    private final int transportPort;
    private ChildJvm node;

    OpenSearchEngine(Path home, int httpPort, int transportPort) {
        this.home = home;
        this.httpPort = httpPort;
        this.transportPort = transportPort;
    }

    @Override
    public String name() {
        return "opensearch";
    }

    @Override
    public void start() throws IOException {
        node = ChildJvm.start(
                "opensearch-node",
                MAIN_CLASS,
                JVM_OPTIONS,
                List.of(
                        "--home", home.toAbsolutePath().toString(),
                        "--http-port", Integer.toString(httpPort),
                        "--transport-port", Integer.toString(transportPort)),
                home,
                line -> System.err.println("[opensearch] " + line));
        node.awaitReady(Duration.ofSeconds(90));
    }

    @Override
    public String endpoint() {
        return "http://127.0.0.1:" + httpPort;
    }

    @Override
    public Map<String, String> addresses() {
        return Map.of(StackAddresses.OPENSEARCH_URL, endpoint());
    }

    @Override
    public Optional<String> failure() {
        return node.isAlive() ? Optional.empty() : Optional.of(node.exitDescription());
    }

    @Override
    public void stop() {
        if (node != null) {
            node.close();
            node = null;
        }
    }
}
