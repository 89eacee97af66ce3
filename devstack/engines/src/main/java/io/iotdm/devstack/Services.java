package io.iotdm.devstack;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The iotdm services on top of the engines, each in its own JVM, the api-gateway last: it is the endpoint that
 * AWS clients use, so it opens once what it routes to is ready.
 */
public final class Services implements AutoCloseable {

    /** The access key and secret devstack gives its api-gateway: public, for a laptop (the gateway listens on loopback). */
    public static final String LOCAL_ACCESS_KEY = "AKIAIOTDMLOCAL000001";

    public static final String LOCAL_SECRET_KEY = "iotdm-local-secret-key-do-not-use-in-prod";
    public static final String REGION = "us-east-1";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final List<ServiceProcess> running = new ArrayList<>();
    private final Path internalSecretFile;
    private final Path issuingCaSecretFile;
    private final String postgresPassword;
    private final Map<String, String> everyService;
    /** The device gateway's MQTT endpoint and CA file, for stack.properties. */
    private final Map<String, String> mqtt = new HashMap<>();

    /** Where each service listens; {@code mqtt} is the device gateway's MQTT over TLS, {@code deviceGateway} its HTTP. */
    public record Ports(
            int api, int registry, int indexing, int groups, int provisioning, int deviceGateway, int mqtt, int jobs) {}

    private Services(
            Path internalSecretFile,
            Path issuingCaSecretFile,
            String postgresPassword,
            Map<String, String> everyService) {
        this.internalSecretFile = internalSecretFile;
        this.issuingCaSecretFile = issuingCaSecretFile;
        this.postgresPassword = postgresPassword;
        this.everyService = Map.copyOf(everyService);
    }

    /**
     * @param root the project directory, where each service's {@code target/quarkus-app} is
     * @param searchConsistency the indexing-service's {@code iotdm.indexing.search.consistency}
     * @param internalSecretFile the secret that the services and the gateway share (made if missing)
     * @param issuingCaSecretFile the secret that seals the provisioning-service's CA key (made if missing)
     * @param signingKeySecretFile the secret that seals the jobs-service's code-signing keys (made if missing)
     * @param deviceGatewayDir the device gateway's data directory (its server CA is kept there)
     * @param everyService configuration that the api-gateway and every service get (the trace exporter's)
     * @return the services, and in {@code addresses} the API endpoint and its credentials, and the MQTT endpoint
     */
    public static Services start(
            StackAddresses engines,
            Path root,
            Path logDir,
            Path deviceGatewayDir,
            Ports ports,
            String searchConsistency,
            Path internalSecretFile,
            Path issuingCaSecretFile,
            Path signingKeySecretFile,
            Map<String, String> everyService,
            Consumer<String> progress)
            throws IOException, EngineFailedException {
        Services services = new Services(
                internalSecretFile, issuingCaSecretFile, engines.get(StackAddresses.POSTGRES_PASSWORD), everyService);
        try {
            StackSecrets.ensure(internalSecretFile);
            StackSecrets.ensure(issuingCaSecretFile);
            String signingKey = StackSecrets.ensure(signingKeySecretFile);
            Databases.ensure(engines, "registry");
            ServiceProcess registry = services.start(
                    "registry-service",
                    root.resolve("registry-service/target/quarkus-app"),
                    ports.registry(),
                    Map.of(
                            "quarkus.datasource.username", engines.get(StackAddresses.POSTGRES_USER),
                            "quarkus.datasource.jdbc.url", engines.jdbcUrl("registry"),
                            "quarkus.datasource.reactive.url", engines.reactivePostgresUrl("registry"),
                            "kafka.bootstrap.servers", engines.get(StackAddresses.KAFKA_BOOTSTRAP_SERVERS),
                            // DeleteThing asks the provisioning-service (started later: gRPC channels connect on
                            // first use) whether principals are attached
                            "quarkus.grpc.clients.provisioning.port", String.valueOf(ports.provisioning())),
                    logDir,
                    progress);
            Databases.ensure(engines, "groups");
            ServiceProcess groups = services.start(
                    "group-service",
                    root.resolve("group-service/target/quarkus-app"),
                    ports.groups(),
                    Map.of(
                            "quarkus.datasource.username", engines.get(StackAddresses.POSTGRES_USER),
                            "quarkus.datasource.jdbc.url", engines.jdbcUrl("groups"),
                            "quarkus.datasource.reactive.url", engines.reactivePostgresUrl("groups"),
                            "kafka.bootstrap.servers", engines.get(StackAddresses.KAFKA_BOOTSTRAP_SERVERS),
                            // thing existence checks ask the registry over gRPC, on its HTTP port
                            "quarkus.grpc.clients.registry.port", String.valueOf(registry.port()),
                            // dynamic groups' queries and backfills ask the indexing-service (started next: gRPC
                            // channels connect on first use)
                            "quarkus.grpc.clients.indexing.port", String.valueOf(ports.indexing())),
                    logDir,
                    progress);
            ServiceProcess indexing = services.start(
                    "indexing-service",
                    root.resolve("indexing-service/target/quarkus-app"),
                    ports.indexing(),
                    Map.of(
                            "kafka.bootstrap.servers", engines.get(StackAddresses.KAFKA_BOOTSTRAP_SERVERS),
                            "iotdm.indexing.opensearch.url", engines.get(StackAddresses.OPENSEARCH_URL),
                            // the registry's and the group-service's gRPC APIs (rebuilds) share their HTTP ports
                            "quarkus.grpc.clients.registry.port", String.valueOf(registry.port()),
                            "quarkus.grpc.clients.groups.port", String.valueOf(groups.port()),
                            // by default scripts that write, then search, see what they wrote
                            "iotdm.indexing.search.consistency", searchConsistency),
                    logDir,
                    progress);
            Databases.ensure(engines, "provisioning");
            String mqttEndpoint = "127.0.0.1:" + ports.mqtt();
            ServiceProcess provisioning = services.start(
                    "provisioning-service",
                    root.resolve("provisioning-service/target/quarkus-app"),
                    ports.provisioning(),
                    Map.ofEntries(
                            Map.entry("quarkus.datasource.username", engines.get(StackAddresses.POSTGRES_USER)),
                            Map.entry("quarkus.datasource.jdbc.url", engines.jdbcUrl("provisioning")),
                            Map.entry("quarkus.datasource.reactive.url", engines.reactivePostgresUrl("provisioning")),
                            Map.entry("kafka.bootstrap.servers", engines.get(StackAddresses.KAFKA_BOOTSTRAP_SERVERS)),
                            // things and thing groups: the registry's and the group-service's gRPC APIs
                            Map.entry("quarkus.grpc.clients.registry.port", String.valueOf(registry.port())),
                            Map.entry("quarkus.grpc.clients.groups.port", String.valueOf(groups.port())),
                            // the file's name only, as the internal secret's
                            Map.entry(
                                    "iotdm.provisioning.ca-key-secret-file",
                                    issuingCaSecretFile.toAbsolutePath().toString()),
                            // bulk registration's input files and reports
                            Map.entry("iotdm.provisioning.s3.endpoint", engines.get(StackAddresses.S3_ENDPOINT)),
                            Map.entry("iotdm.provisioning.s3.region", engines.get(StackAddresses.S3_REGION)),
                            Map.entry("iotdm.provisioning.s3.access-key", engines.get(StackAddresses.S3_ACCESS_KEY)),
                            Map.entry("iotdm.provisioning.s3.secret-key", engines.get(StackAddresses.S3_SECRET_KEY)),
                            // DescribeEndpoint names the device gateway's MQTT (docs/aws-behaviour.md §6.7)
                            Map.entry("iotdm.provisioning.endpoint.data", mqttEndpoint),
                            Map.entry("iotdm.provisioning.endpoint.data-ats", mqttEndpoint),
                            // pre-provisioning hooks of a developer's machine (docs/aws-behaviour.md §6.10)
                            Map.entry("iotdm.provisioning.fleet-provisioning.hook-allowed-hosts", "http://127.0.0.1")),
                    logDir,
                    progress);
            services.start(
                    "device-gateway",
                    root.resolve("device-gateway/target/quarkus-app"),
                    ports.deviceGateway(),
                    Map.of(
                            "kafka.bootstrap.servers", engines.get(StackAddresses.KAFKA_BOOTSTRAP_SERVERS),
                            // DescribeClientCertificate on the provisioning-service's HTTP port
                            "quarkus.grpc.clients.provisioning.port", String.valueOf(provisioning.port()),
                            // MatchRetainedMessages, for new subscriptions, on the registry's HTTP port
                            "quarkus.grpc.clients.registry.port", String.valueOf(registry.port()),
                            "iotdm.device-gateway.mqtt.port", String.valueOf(ports.mqtt()),
                            "iotdm.device-gateway.data-dir",
                                    deviceGatewayDir.toAbsolutePath().toString()),
                    logDir,
                    progress);
            services.mqtt.put(StackAddresses.MQTT_ENDPOINT, mqttEndpoint);
            services.mqtt.put(
                    StackAddresses.MQTT_CA_FILE,
                    deviceGatewayDir.resolve("ca/ca.pem").toAbsolutePath().toString());
            progress.accept(String.format(
                    "%-20s mqtt %s  CA %s",
                    "device-gateway", mqttEndpoint, services.mqtt.get(StackAddresses.MQTT_CA_FILE)));
            Databases.ensure(engines, "jobs");
            ServiceProcess jobs = services.start(
                    "jobs-service",
                    root.resolve("jobs-service/target/quarkus-app"),
                    ports.jobs(),
                    Map.of(
                            "quarkus.datasource.username", engines.get(StackAddresses.POSTGRES_USER),
                            "quarkus.datasource.jdbc.url", engines.jdbcUrl("jobs"),
                            "quarkus.datasource.reactive.url", engines.reactivePostgresUrl("jobs"),
                            "kafka.bootstrap.servers", engines.get(StackAddresses.KAFKA_BOOTSTRAP_SERVERS),
                            // a job's thing-group targets: the group-service's gRPC API
                            "quarkus.grpc.clients.groups.port", String.valueOf(groups.port()),
                            // the artifacts signing jobs sign (the signer API)
                            "iotdm.jobs.s3.endpoint", engines.get(StackAddresses.S3_ENDPOINT),
                            "iotdm.jobs.s3.region", engines.get(StackAddresses.S3_REGION),
                            "iotdm.jobs.s3.access-key", engines.get(StackAddresses.S3_ACCESS_KEY),
                            "iotdm.jobs.s3.secret-key", engines.get(StackAddresses.S3_SECRET_KEY)),
                    // the code-signing keys' seal, through the environment as the database password
                    Map.of("IOTDM_JOBS_SIGNING_KEY_ENCRYPTION_KEY", signingKey),
                    logDir,
                    progress);
            services.start(
                    "api-gateway",
                    root.resolve("api-gateway/target/quarkus-app"),
                    ports.api(),
                    Map.of(
                            // the public development key (the gateway has none of its own; loopback only)
                            "iotdm.gateway.credentials." + LOCAL_ACCESS_KEY,
                            LOCAL_SECRET_KEY,
                            "iotdm.gateway.services.registry-service.url",
                            registry.url(),
                            "iotdm.gateway.services.group-service.url",
                            groups.url(),
                            "iotdm.gateway.services.indexing-service.url",
                            indexing.url(),
                            "iotdm.gateway.services.provisioning-service.url",
                            provisioning.url(),
                            "iotdm.gateway.services.jobs-service.url",
                            jobs.url()),
                    logDir,
                    progress);
            return services;
        } catch (IOException | SQLException | RuntimeException e) {
            services.close();
            throw new EngineFailedException("services", "failed to start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            services.close();
            Thread.currentThread().interrupt();
            throw new EngineFailedException("services", "interrupted while starting", e);
        }
    }

    /**
     * The API endpoint and credentials, where each service listens, and the MQTT endpoint and its CA file, to add to
     * stack.properties.
     */
    public Map<String, String> addresses() {
        Map<String, String> addresses = new HashMap<>(mqtt);
        addresses.put(StackAddresses.API_ENDPOINT, running.getLast().url());
        addresses.put(StackAddresses.API_REGION, REGION);
        addresses.put(StackAddresses.API_ACCESS_KEY, LOCAL_ACCESS_KEY);
        addresses.put(StackAddresses.API_SECRET_KEY, LOCAL_SECRET_KEY);
        running.forEach(service -> addresses.put(StackAddresses.serviceUrl(service.name()), service.url()));
        return Map.copyOf(addresses);
    }

    /** Empty while every service runs; otherwise the first one that stopped. */
    public Optional<EngineFailedException> failure() {
        for (ServiceProcess service : running) {
            Optional<String> reason = service.failure();
            if (reason.isPresent()) {
                return Optional.of(new EngineFailedException(service.name(), "died: " + reason.get(), null));
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        running.reversed().forEach(ServiceProcess::close);
        running.clear();
    }

    private ServiceProcess start(
            String name, Path app, int port, Map<String, String> config, Path logDir, Consumer<String> progress)
            throws IOException, InterruptedException {
        return start(name, app, port, config, Map.of(), logDir, progress);
    }

    /** @param secrets environment variables of this service alone (never on the command line: ps shows it) */
    private ServiceProcess start(
            String name,
            Path app,
            int port,
            Map<String, String> config,
            Map<String, String> secrets,
            Path logDir,
            Consumer<String> progress)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        Map<String, String> all = new HashMap<>(everyService);
        all.putAll(config);
        // the file's name only: a secret on a command line is anyone's to read (ps)
        all.put(
                "iotdm.internal.secret-file",
                internalSecretFile.toAbsolutePath().toString());
        // through the environment, which only the user's own processes can read
        Map<String, String> environment = new HashMap<>(secrets);
        if (config.containsKey("quarkus.datasource.username")) {
            environment.put("QUARKUS_DATASOURCE_PASSWORD", postgresPassword);
        }
        ServiceProcess service = ServiceProcess.start(name, app, port, all, environment, logDir);
        running.add(service);
        service.awaitReady(START_TIMEOUT);
        progress.accept(
                String.format("%-20s ready in %4.1f s  %s", name, (System.nanoTime() - started) / 1e9, service.url()));
        return service;
    }
}
