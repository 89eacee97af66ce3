package io.iotdm.devstack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Devstack in a JVM of its own, on free ports and a data directory of the caller's choice: what
 * tests use, so that Kafka's, OpenSearch's and S3Proxy's libraries never meet the test's. Uses the
 * JDK only: a test classpath holds the devstack jar without its dependencies.
 */
public final class DevStackProcess implements AutoCloseable {

    /** C1 only: tests start many JVMs on few cores and need the engines' throughput less than the CPU. */
    private static final List<String> JVM_OPTIONS =
            List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final ChildJvm jvm;
    private final StackAddresses addresses;

    private DevStackProcess(ChildJvm jvm, StackAddresses addresses) {
        this.jvm = jvm;
        this.addresses = addresses;
    }

    /** Starts devstack, wiping its data directory first if {@code fresh}, and waits until every engine answers. */
    public static DevStackProcess start(Path dataDir, boolean fresh) throws IOException {
        return start(dataDir, fresh, null);
    }

    /**
     * Starts devstack and, when {@code servicesRoot} is given, the iotdm services built in that project directory
     * with the api-gateway in front ({@link StackAddresses#API_ENDPOINT}): what end-to-end tests use.
     */
    public static DevStackProcess start(Path dataDir, boolean fresh, Path servicesRoot) throws IOException {
        return start(dataDir, fresh, servicesRoot, List.of());
    }

    /** As {@link #start(Path, boolean, Path)}, with more of {@code DevStackMain}'s options (e.g. --otlp-endpoint). */
    public static DevStackProcess start(Path dataDir, boolean fresh, Path servicesRoot, List<String> options)
            throws IOException {
        List<String> args = new ArrayList<>(
                List.of("--data-dir", dataDir.toAbsolutePath().toString(), "--free-ports", "--exit-with-parent"));
        if (fresh) {
            args.add("--fresh");
        }
        if (servicesRoot != null) {
            args.add("--services");
            args.add(servicesRoot.toAbsolutePath().toString());
        }
        args.addAll(options);
        ChildJvm jvm = ChildJvm.start(
                "devstack",
                "io.iotdm.devstack.DevStackMain", // by name: loading it would need picocli
                JVM_OPTIONS,
                args,
                dataDir.toAbsolutePath().getParent(),
                line -> System.err.println("[devstack] " + line));
        try {
            Path addressesFile = Path.of(jvm.awaitReady(Duration.ofSeconds(servicesRoot == null ? 120 : 300)));
            return new DevStackProcess(jvm, StackAddresses.read(addressesFile));
        } catch (IOException e) {
            jvm.close();
            throw e;
        }
    }

    /** The pid of the devstack JVM. */
    public long pid() {
        return jvm.pid();
    }

    public StackAddresses addresses() {
        return addresses;
    }

    @Override
    public void close() {
        jvm.close();
    }
}
