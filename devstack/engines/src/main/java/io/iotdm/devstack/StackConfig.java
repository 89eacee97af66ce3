package io.iotdm.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Where devstack keeps its data and which loopback ports its engines listen on. */
public record StackConfig(
        Path dataDir,
        int kafkaPort,
        int kafkaControllerPort,
        int postgresPort,
        int openSearchHttpPort,
        int openSearchTransportPort,
        int s3Port) {

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /** The data directory of {@code ./iotdm up}, relative to the project root. */
    public static final Path DEFAULT_DATA_DIR = Path.of(".iotdm", "data");

    public static final int DEFAULT_KAFKA_PORT = 29092;
    public static final int DEFAULT_KAFKA_CONTROLLER_PORT = 29093;
    public static final int DEFAULT_POSTGRES_PORT = 25432;
    public static final int DEFAULT_OPENSEARCH_HTTP_PORT = 29200;
    public static final int DEFAULT_OPENSEARCH_TRANSPORT_PORT = 29300;
    public static final int DEFAULT_S3_PORT = 29000;

    /** Development credentials of the object store; it listens on loopback only. */
    public static final String S3_ACCESS_KEY = "iotdm";

    public static final String S3_SECRET_KEY = "iotdm-devstack-secret";
    public static final String S3_REGION = "us-east-1";

    /** The fixed, documented ports of {@code ./iotdm up}. */
    public static StackConfig defaults(Path dataDir) {
        return new StackConfig(
                dataDir,
                DEFAULT_KAFKA_PORT,
                DEFAULT_KAFKA_CONTROLLER_PORT,
                DEFAULT_POSTGRES_PORT,
                DEFAULT_OPENSEARCH_HTTP_PORT,
                DEFAULT_OPENSEARCH_TRANSPORT_PORT,
                DEFAULT_S3_PORT);
    }

    /** Ports that are free now, so that test runs never collide with a running stack or each other. */
    public static StackConfig freePorts(Path dataDir) {
        return new StackConfig(dataDir, freePort(), freePort(), freePort(), freePort(), freePort(), freePort());
    }

    public Path kafkaDir() {
        return dataDir.resolve("kafka");
    }

    public Path postgresDir() {
        return dataDir.resolve("postgres");
    }

    public Path openSearchDir() {
        return dataDir.resolve("opensearch");
    }

    public Path s3Dir() {
        return dataDir.resolve("s3");
    }

    /** The internal secret that the services and the api-gateway share ({@code iotdm.internal.secret-file}). */
    public Path internalSecretFile() {
        return dataDir.resolve("internal.secret");
    }

    /**
     * The secret that seals the provisioning-service's issuing CA key ({@code iotdm.provisioning.ca-key-secret-file}),
     * kept with the database that holds the sealed key.
     */
    public Path issuingCaSecretFile() {
        return dataDir.resolve("issuing-ca.secret");
    }

    /**
     * The secret that seals the jobs-service's code-signing keys ({@code iotdm.jobs.signing.key-encryption-key}), kept
     * with the database that holds the sealed keys.
     */
    public Path signingKeySecretFile() {
        return dataDir.resolve("signing-key.secret");
    }

    /** The password of PostgreSQL's superuser, set when its data directory is made. */
    public Path postgresPasswordFile() {
        return dataDir.resolve("postgres.password");
    }

    public Path addressesFile() {
        return dataDir.resolve(StackAddresses.FILE_NAME);
    }

    /**
     * A port below Linux's ephemeral range (32768 and up): a port that the OS hands out for port 0 is
     * also one it may give the next outgoing connection, which would then take it before the engine
     * binds it. A port is handed out once per JVM: the engines bind theirs only later, so a second draw could
     * otherwise return a port that is free now and taken by an engine of the same stack a moment after.
     */
    static int freePort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(10_000, 32_768);
            if (!HANDED_OUT.add(candidate)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new UncheckedIOException(new IOException("no free port on 127.0.0.1 between 10000 and 32767"));
    }
}
