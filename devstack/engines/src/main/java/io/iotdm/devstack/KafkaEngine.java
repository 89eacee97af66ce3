package io.iotdm.devstack;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * Kafka 4.1 as one KRaft node (broker and controller, node 1) inside devstack's JVM. The log
 * directory is formatted once, with a random cluster id that {@code meta.properties} keeps, and
 * reused by every later start.
 */
final class KafkaEngine implements Engine {

    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    KafkaEngine(Path dataDir, int port, int controllerPort) {
        this.dataDir = dataDir.toAbsolutePath();
        this.port = port;
        this.controllerPort = controllerPort;
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public void start() throws Exception {
        Files.createDirectories(dataDir);
        KafkaConfig config = new KafkaConfig(serverProperties(), false);
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            format(config);
        }
        KafkaRaftServer starting = new KafkaRaftServer(config, Time.SYSTEM);
        server = starting;
        try {
            starting.startup();
            awaitBroker();
        } catch (Exception e) {
            stop(); // frees the ports and the log directory lock for the next attempt
            // Kafka's own message ("fatal error while waiting for ... Acceptors") hides the reason.
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw root == e ? e : new IOException(e.getMessage() + ": " + root.getMessage(), e);
        }
    }

    @Override
    public Map<String, String> addresses() {
        return Map.of(StackAddresses.KAFKA_BOOTSTRAP_SERVERS, endpoint());
    }

    @Override
    public Optional<String> failure() {
        if (server == null) {
            return Optional.of("it is not running");
        }
        // Kafka halts the whole JVM on its own fatal faults; what is left to notice is a listener that is
        // gone. (Not its BrokerState JMX gauge: Kafka 4.1 never unregisters it, so after a restart in the
        // same JVM it still reports the previous node's SHUTTING_DOWN.)
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("it no longer accepts connections on " + endpoint() + " (" + e.getMessage() + ")");
        }
    }

    @Override
    public void stop() {
        if (server == null) {
            return;
        }
        try {
            server.shutdown(); // controlled shutdown: leadership moved, logs flushed, lock released
            server.awaitShutdown();
        } catch (RuntimeException e) {
            System.err.println("kafka did not stop cleanly: " + e.getMessage());
        }
        server = null;
    }

    @Override
    public String endpoint() {
        return "127.0.0.1:" + port;
    }

    private Properties serverProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        // A static voter set (kraft.version 0) keeps no controller address in the metadata log,
        // so the controller port may differ from one start to the next.
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        // One node: every internal topic must make do with one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        // Fewer internal partitions than the defaults (50) start faster and hold fewer files open.
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.num.partitions", "4");
        p.put("num.partitions", "4");
        p.put("auto.create.topics.enable", "true");
        // After a kill -9 the restarted controller still holds the dead broker's registration until its
        // session expires (default 9 s of DUPLICATE_BROKER_REGISTRATION retries); a short session keeps
        // that wait to a few seconds.
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("broker.session.timeout.ms", "2000");
        // With one replica there is nobody else to lead: let it lead again even after an unclean stop.
        p.put("unclean.leader.election.enable", "true");
        // Development pace: no 3 s pause before the first group rebalance.
        p.put("group.initial.rebalance.delay.ms", "0");
        // Small footprint: the cleaner's dedupe buffer defaults to 128 MB of heap.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        return p;
    }

    /** What {@code kafka-storage.sh format -t <random uuid>} does (kafka.tools.StorageTool). */
    private void format(KafkaConfig config) throws Exception {
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setMetadataLogDirectory(config.metadataLogDir())
                .setDirectories(List.of(dataDir.toString()))
                .run();
    }

    /**
     * startup() itself waits until the broker is unfenced (the first describeCluster already answers);
     * this proves that a client is served on the advertised address, and bounds the wait.
     */
    private void awaitBroker() throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoint(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000))) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000))
                            .nodes()
                            .get(10, TimeUnit.SECONDS)
                            .isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    last = e;
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("broker did not answer on " + endpoint() + " within " + READY_TIMEOUT, last);
    }
}
