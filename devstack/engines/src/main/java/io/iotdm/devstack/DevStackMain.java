package io.iotdm.devstack;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The devstack program: starts the engines, prints where they listen, and stays in the foreground
 * until Ctrl-C, SIGTERM ({@code ./iotdm down}), the end of its stdin when started with
 * {@code --exit-with-parent}, or the death of one of its engines (exit code 1, naming the engine).
 */
@Command(
        name = "devstack",
        mixinStandardHelpOptions = true,
        description = "Runs Kafka, PostgreSQL, OpenSearch and an S3-compatible store on 127.0.0.1.")
public final class DevStackMain implements Callable<Integer> {

    @Option(names = "--data-dir", description = "Where the engines keep their data (default: ${DEFAULT-VALUE}).")
    Path dataDir = StackConfig.DEFAULT_DATA_DIR;

    @Option(names = "--fresh", description = "Wipe the data directory first.")
    boolean fresh;

    @Option(names = "--free-ports", description = "Use free ports instead of the fixed defaults (tests).")
    boolean freePorts;

    @Option(names = "--exit-with-parent", description = "Stop when stdin reaches end of file.")
    boolean exitWithParent;

    @Option(names = "--kafka-port", description = "Kafka broker port (default: ${DEFAULT-VALUE}).")
    int kafkaPort = StackConfig.DEFAULT_KAFKA_PORT;

    @Option(names = "--kafka-controller-port", description = "KRaft controller port (default: ${DEFAULT-VALUE}).")
    int kafkaControllerPort = StackConfig.DEFAULT_KAFKA_CONTROLLER_PORT;

    @Option(names = "--postgres-port", description = "PostgreSQL port (default: ${DEFAULT-VALUE}).")
    int postgresPort = StackConfig.DEFAULT_POSTGRES_PORT;

    @Option(names = "--opensearch-port", description = "OpenSearch HTTP port (default: ${DEFAULT-VALUE}).")
    int openSearchPort = StackConfig.DEFAULT_OPENSEARCH_HTTP_PORT;

    @Option(
            names = "--opensearch-transport-port",
            description = "OpenSearch transport port (default: ${DEFAULT-VALUE}).")
    int openSearchTransportPort = StackConfig.DEFAULT_OPENSEARCH_TRANSPORT_PORT;

    @Option(names = "--s3-port", description = "S3-compatible store port (default: ${DEFAULT-VALUE}).")
    int s3Port = StackConfig.DEFAULT_S3_PORT;

    public static void main(String[] args) {
        System.exit(new CommandLine(new DevStackMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (exitWithParent) {
            ChildJvm.exitWhenParentGoes();
        }
        StackConfig config = freePorts
                ? StackConfig.freePorts(dataDir)
                : new StackConfig(
                        dataDir,
                        kafkaPort,
                        kafkaControllerPort,
                        postgresPort,
                        openSearchPort,
                        openSearchTransportPort,
                        s3Port);
        long started = System.nanoTime();
        DevStack stack;
        try {
            stack = DevStack.start(config, fresh, line -> System.out.println("devstack: " + line));
        } catch (EngineFailedException e) {
            System.err.println("devstack: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("devstack: stopping");
            stack.close();
            stopped.countDown();
        }));
        System.out.printf(
                "devstack: all engines ready in %.1f s; addresses in %s%n",
                (System.nanoTime() - started) / 1e9, config.addressesFile().toAbsolutePath());
        if (exitWithParent) {
            System.out.println(ChildJvm.READY + " " + config.addressesFile().toAbsolutePath());
        }
        while (!stopped.await(1, TimeUnit.SECONDS)) {
            var failure = stack.failure();
            if (failure.isPresent()) {
                System.err.println("devstack: " + failure.get().getMessage());
                return 1;
            }
        }
        return 0;
    }
}
