package io.iotdm.devstack.opensearch;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;
import org.apache.logging.log4j.jul.Log4jBridgeHandler;
import org.opensearch.Version;
import org.opensearch.action.admin.cluster.health.ClusterHealthResponse;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.PluginInfo;

/**
 * Dev-only embedded single-node OpenSearch, run in its own JVM by devstack's OpenSearchEngine.
 * Prints {@code READY http=127.0.0.1:<port>} once the cluster is at least yellow, then blocks until
 * stdin hits EOF (parent died / closed the pipe) or SIGTERM/SIGINT, and closes the node cleanly.
 * Args: --home DIR --http-port N --transport-port N [--cluster-name NAME]
 */
public final class OpenSearchNodeMain {

    private static final List<String> PLUGINS = List.of(
            "org.opensearch.transport.Netty4ModulePlugin",
            "org.opensearch.percolator.PercolatorModulePlugin",
            "org.opensearch.analysis.common.CommonAnalysisModulePlugin",
            "org.opensearch.painless.PainlessModulePlugin",
            "org.opensearch.index.mapper.MapperExtrasModulePlugin");

    /** The plugin-aware constructor is protected; this is the same trick OpenSearch's MockNode uses. */
    private static final class EmbeddedNode extends Node {
        EmbeddedNode(Environment env, Collection<PluginInfo> plugins) {
            super(env, plugins, true);
        }
    }

    public static void main(String[] args) {
        configureLogging(); // must run before any OpenSearch class touches log4j
        Map<String, String> opts = parseArgs(args);
        Path home = Path.of(require(opts, "--home")).toAbsolutePath();
        int httpPort = port(require(opts, "--http-port"));
        int transportPort = port(require(opts, "--transport-port"));
        String clusterName = opts.getOrDefault("--cluster-name", "iotdm");

        Node node;
        try {
            // Only empty dirs are needed (no opensearch.yml, no keystore); data/ persists across runs.
            for (String dir : List.of("config", "data", "logs")) {
                Files.createDirectories(home.resolve(dir));
            }
            Settings settings = Settings.builder()
                    .put("path.home", home.toString())
                    .put("path.data", home.resolve("data").toString())
                    .put("path.logs", home.resolve("logs").toString())
                    .put("cluster.name", clusterName)
                    .put("node.name", clusterName + "-dev")
                    .put("discovery.type", "single-node")
                    .put("network.host", "127.0.0.1")
                    .put("http.port", httpPort)
                    .put("transport.port", transportPort)
                    // Dev box disks are often nearly full: never flip indices to read-only.
                    .put("cluster.routing.allocation.disk.threshold_enabled", false)
                    // Single node: replicas can never be assigned, so default to 0 (=> green).
                    .put("cluster.default_number_of_replicas", 0)
                    // Thread pools scale with cores; cap them so big dev machines don't spawn hundreds of threads.
                    .put("node.processors", Math.min(4, Runtime.getRuntime().availableProcessors()))
                    .build();
            Environment env = InternalSettingsPreparer.prepareEnvironment(
                    settings, Map.of(), home.resolve("config"), () -> clusterName + "-dev");
            List<PluginInfo> plugins = PLUGINS.stream()
                    .map(cls -> new PluginInfo(
                            cls, "classpath plugin", "NA", Version.CURRENT, "21", cls, null, List.of(), false))
                    .toList();
            node = new EmbeddedNode(env, plugins);
        } catch (Throwable e) {
            fail("failed to create OpenSearch node", e);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                node.close();
                                node.awaitClose(20, TimeUnit.SECONDS);
                            } catch (Throwable e) {
                                System.err.println("error while stopping OpenSearch: " + e);
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "opensearch-shutdown"));

        exitWhenParentGoes();

        try {
            node.start();
            ClusterHealthResponse health = node.client()
                    .admin()
                    .cluster()
                    .prepareHealth()
                    .setWaitForYellowStatus()
                    .setTimeout("60s")
                    .get();
            if (health.isTimedOut()) {
                throw new IllegalStateException("cluster health did not reach yellow: " + health.getStatus());
            }
        } catch (Throwable e) {
            fail("failed to start OpenSearch node", e);
            return;
        }
        System.out.println("READY http=127.0.0.1:" + httpPort);
        System.out.flush();

        try {
            stopped.await(); // park main; the JVM actually exits via System.exit (stdin EOF) or a signal
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Parent death closes our stdin pipe: EOF, then exit, which runs the shutdown hook. (devstack's
     * ChildJvm.exitWhenParentGoes does the same; this JVM does not have devstack's classes.)
     */
    private static void exitWhenParentGoes() {
        Thread watcher = new Thread(
                () -> {
                    try {
                        InputStream in = System.in;
                        byte[] buf = new byte[256];
                        while (in.read(buf) >= 0) {
                            // discard
                        }
                    } catch (Throwable ignored) {
                        // treat read errors like EOF
                    }
                    System.exit(0);
                },
                "stdin-eof-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** WARN+ to stderr only; disables log4j's own shutdown hook so node shutdown can still log. */
    private static void configureLogging() {
        ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
        b.setStatusLevel(Level.ERROR);
        b.setShutdownHook("disable");
        b.add(b.newAppender("stderr", "Console")
                .addAttribute("target", ConsoleAppender.Target.SYSTEM_ERR)
                .add(b.newLayout("PatternLayout")
                        .addAttribute("pattern", "%d{HH:mm:ss.SSS} %-5level [opensearch] %c{1.} - %m%n")));
        b.add(b.newRootLogger(Level.WARN).add(b.newAppenderRef("stderr")));
        // Known-harmless startup warnings: dangling-index import is off by design; Lucene's
        // "vector incubator module not readable" (we don't want --add-modules' own JVM warning).
        b.add(b.newLogger("org.opensearch.gateway.DanglingIndicesState", Level.ERROR));
        b.add(b.newLogger("org.apache.lucene.internal.vectorization", Level.ERROR));
        Configurator.initialize(b.build());
        // Lucene logs via java.util.logging: route it through the same log4j config.
        Log4jBridgeHandler.install(true, null, true);
    }

    private static Map<String, String> parseArgs(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--") && i + 1 < args.length) {
                m.put(a, args[++i]);
            } else {
                fail("unexpected argument: " + a, null);
            }
        }
        return m;
    }

    private static String require(Map<String, String> opts, String key) {
        String v = opts.get(key);
        if (v == null) {
            fail("missing required argument " + key, null);
        }
        return v;
    }

    private static int port(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            fail("not a port number: " + v, null);
            return -1;
        }
    }

    private static void fail(String msg, Throwable e) {
        System.err.println("OpenSearch node error: " + msg + (e == null ? "" : ": " + e));
        if (e != null) {
            e.printStackTrace(System.err);
        }
        System.err.flush();
        System.exit(1);
    }
}
