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

    @Option(
            names = "--services",
            description = "Also run the iotdm services built in this project directory, and the api-gateway.")
    Path servicesRoot;

    @Option(names = "--api-port", description = "api-gateway port, the AWS endpoint (default: ${DEFAULT-VALUE}).")
    int apiPort = 29080;

    @Option(names = "--registry-port", description = "registry-service port (default: ${DEFAULT-VALUE}).")
    int registryPort = 29081;

    @Option(names = "--indexing-port", description = "indexing-service port (default: ${DEFAULT-VALUE}).")
    int indexingPort = 29082;

    @Option(names = "--group-port", description = "group-service port (default: ${DEFAULT-VALUE}).")
    int groupPort = 29083;

    @Option(names = "--provisioning-port", description = "provisioning-service port (default: ${DEFAULT-VALUE}).")
    int provisioningPort = 29084;

    @Option(names = "--jobs-port", description = "jobs-service port (default: ${DEFAULT-VALUE}).")
    int jobsPort = 29086;

    @Option(
            names = "--device-gateway-port",
            description = "device-gateway HTTP port, health only (default: ${DEFAULT-VALUE}).")
    int deviceGatewayPort = 29085;

    @Option(names = "--mqtt-port", description = "device-gateway MQTT over TLS port (default: ${DEFAULT-VALUE}).")
    int mqttPort = 28883;

    @Option(
            names = "--search-consistency",
            description =
                    "The indexing-service's iotdm.indexing.search.consistency: read-after-write (a search sees what was"
                            + " written before it) or eventual (default: ${DEFAULT-VALUE}).")
    String searchConsistency = "read-after-write";

    @Option(
            names = "--otlp-endpoint",
            description = "Send every service's traces to this OpenTelemetry collector (OTLP), e.g."
                    + " http://127.0.0.1:4317; without it tracing is off.")
    String otlpEndpoint;

    @Option(
            names = "--otlp-protocol",
            description = "The OTLP protocol of --otlp-endpoint: grpc (port 4317 by convention) or http/protobuf"
                    + " (4318) (default: ${DEFAULT-VALUE}).")
    String otlpProtocol = "grpc";

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
        System.out.printf(
                "devstack: all engines ready in %.1f s; addresses in %s%n",
                (System.nanoTime() - started) / 1e9, config.addressesFile().toAbsolutePath());
        Services services = null;
        if (servicesRoot != null) {
            try {
                services = Services.start(
                        stack.addresses(),
                        servicesRoot,
                        dataDir.resolve("logs"),
                        dataDir.resolve("device-gateway"),
                        freePorts
                                ? new Services.Ports(
                                        StackConfig.freePort(),
                                        StackConfig.freePort(),
                                        StackConfig.freePort(),
                                        StackConfig.freePort(),
                                        StackConfig.freePort(),
                                        StackConfig.freePort(),
                                        StackConfig.freePort(),
                                        StackConfig.freePort())
                                : new Services.Ports(
                                        apiPort,
                                        registryPort,
                                        indexingPort,
                                        groupPort,
                                        provisioningPort,
                                        deviceGatewayPort,
                                        mqttPort,
                                        jobsPort),
                        searchConsistency,
                        config.internalSecretFile(),
                        config.issuingCaSecretFile(),
                        config.signingKeySecretFile(),
                        tracing(),
                        line -> System.out.println("iotdm: " + line));
            } catch (EngineFailedException e) {
                System.err.println("iotdm: " + e.getMessage());
                stack.close();
                return 1;
            }
            stack.addresses().with(services.addresses()).write(config.addressesFile());
            printEndpoint(services.addresses(), dataDir.resolve("logs"));
        }
        Services runningServices = services;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("devstack: stopping");
            if (runningServices != null) {
                runningServices.close();
            }
            stack.close();
            stopped.countDown();
        }));
        if (exitWithParent) {
            System.out.println(ChildJvm.READY + " " + config.addressesFile().toAbsolutePath());
        }
        while (!stopped.await(1, TimeUnit.SECONDS)) {
            var failure = stack.failure()
                    .or(() -> runningServices == null ? java.util.Optional.empty() : runningServices.failure());
            if (failure.isPresent()) {
                System.err.println("devstack: " + failure.get().getMessage());
                return 1;
            }
        }
        return 0;
    }

    /** The services' trace exporter: none unless a collector is named (platform/observability's defaults). */
    private java.util.Map<String, String> tracing() {
        if (otlpEndpoint == null) {
            return java.util.Map.of();
        }
        return java.util.Map.of(
                "quarkus.otel.sdk.disabled", "false",
                "quarkus.otel.exporter.otlp.endpoint", otlpEndpoint,
                "quarkus.otel.exporter.otlp.protocol", otlpProtocol);
    }

    private static void printEndpoint(java.util.Map<String, String> api, Path logDir) {
        System.out.println();
        System.out.println("iotdm is up. Point the AWS CLI or an SDK at it:");
        System.out.println("  endpoint    " + api.get(StackAddresses.API_ENDPOINT));
        System.out.println("  region      " + api.get(StackAddresses.API_REGION));
        System.out.println("  access key  " + api.get(StackAddresses.API_ACCESS_KEY));
        System.out.println("  secret key  " + api.get(StackAddresses.API_SECRET_KEY));
        System.out.println("  e.g.  AWS_ACCESS_KEY_ID=" + api.get(StackAddresses.API_ACCESS_KEY)
                + " AWS_SECRET_ACCESS_KEY=" + api.get(StackAddresses.API_SECRET_KEY) + " aws iot list-things"
                + " --region " + api.get(StackAddresses.API_REGION) + " --endpoint-url "
                + api.get(StackAddresses.API_ENDPOINT));
        System.out.println(
                "Devices connect with MQTT over TLS (a client certificate of aws iot create-keys-and-certificate):");
        System.out.println("  mqtt        " + api.get(StackAddresses.MQTT_ENDPOINT));
        System.out.println("  CA file     " + api.get(StackAddresses.MQTT_CA_FILE));
        System.out.println("  service logs in " + logDir.toAbsolutePath());
    }
}
