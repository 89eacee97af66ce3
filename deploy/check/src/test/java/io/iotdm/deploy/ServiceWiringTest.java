package io.iotdm.deploy;

import static io.iotdm.deploy.Manifest.describe;
import static io.iotdm.deploy.Manifest.list;
import static io.iotdm.deploy.Manifest.map;
import static io.iotdm.deploy.Manifest.mapAt;
import static io.iotdm.deploy.Manifest.name;
import static io.iotdm.deploy.Manifest.selects;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every service of the repository ({@link ServiceModule}) is in every overlay and wired the way its own configuration
 * needs: its database declared, reachable and signed into with the cluster's credentials; Kafka open to it when it
 * uses Kafka; the api-gateway routed to it and let in when it owns AWS operations; its metrics scraped from the
 * monitoring namespace; in production scaled, protected and spread. Derived from the modules, so that a new service fails here until deploy/ has it.
 */
class ServiceWiringTest {

    /** Where Prometheus runs (deploy/base/monitoring). */
    private static final String MONITORING_NAMESPACE = "monitoring";

    static List<String> overlays() throws Exception {
        return Kustomize.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceHasADeployment(String overlay) throws Exception {
        assertThat(deployments(overlay).keySet())
                .as("Deployments of overlay %s", overlay)
                .containsAll(
                        ServiceModule.all().stream().map(ServiceModule::name).toList());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyDatabaseIsDeclaredAndOpenToItsService(String overlay) throws Exception {
        Problems problems = new Problems();
        for (ServiceModule service : ServiceModule.all()) {
            Optional<String> database = service.database();
            if (database.isEmpty()) {
                continue;
            }
            Map<String, Object> deployment = deployment(overlay, service.name());
            Properties config = config(overlay, deployment);
            Set<String> clusters = new TreeSet<>();
            for (String key : service.datasourceUrls()) {
                String where = service.name() + "'s " + key;
                String url = config.getProperty(key);
                if (url == null) {
                    problems.add(where + " is not set for the cluster (its default is "
                            + service.properties().getProperty(key) + ")");
                    continue;
                }
                URI uri = ServiceModule.postgresUri(url);
                // CloudNativePG names its services and secrets after the cluster: <cluster>-rw, <cluster>-app
                String cluster = uri.getHost().replaceFirst("-rw$", "");
                clusters.add(cluster);
                problems.require(
                        databases(overlay, cluster).contains(database.get()),
                        where,
                        "database " + database.get() + " declared on cluster " + cluster + " (has " + url + ")");
                problems.require(
                        admits(
                                overlay,
                                Map.<String, Object>of("cnpg.io/cluster", cluster),
                                podLabels(deployment),
                                uri.getPort()),
                        where,
                        "a NetworkPolicy that lets it reach " + cluster + " on " + uri.getPort());
            }
            for (String cluster : clusters) {
                for (String credential : List.of("username", "password")) {
                    String variable = "QUARKUS_DATASOURCE_" + credential.toUpperCase(Locale.ROOT);
                    problems.require(
                            secretEnv(deployment, variable).equals(Map.of("name", cluster + "-app", "key", credential)),
                            service.name(),
                            variable + " from secret " + cluster + "-app, key " + credential);
                }
            }
        }
        problems.assertNone(overlay);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void kafkaLetsInEveryServiceThatUsesIt(String overlay) throws Exception {
        Map<String, Object> common = Kustomize.objects(overlay, "ConfigMap").stream()
                .filter(configMap -> name(configMap).startsWith("iotdm-common"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("overlay " + overlay + " has no ConfigMap iotdm-common"));
        URI bootstrap = URI.create("kafka://" + mapAt(common, "data").get("KAFKA_BOOTSTRAP_SERVERS"));
        // Strimzi's bootstrap service is <cluster>-kafka-bootstrap; a listener's policy is its networkPolicyPeers
        String cluster = bootstrap.getHost().replaceFirst("-kafka-bootstrap$", "");
        Map<String, Object> kafka = Kustomize.objects(overlay, "Kafka").stream()
                .filter(object -> name(object).equals(cluster))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Kafka " + cluster + " for " + bootstrap));
        List<Map<String, Object>> peers = list(mapAt(kafka, "spec", "kafka").get("listeners")).stream()
                .map(Manifest::map)
                .filter(listener -> Objects.equals(listener.get("port"), bootstrap.getPort()))
                .flatMap(listener -> list(listener.get("networkPolicyPeers")).stream())
                .map(peer -> mapAt(map(peer), "podSelector", "matchLabels"))
                .toList();
        Problems problems = new Problems();
        for (ServiceModule service : ServiceModule.all()) {
            if (service.usesKafka()) {
                Map<String, Object> labels = podLabels(deployment(overlay, service.name()));
                problems.require(
                        peers.stream().anyMatch(peer -> selects(peer, labels)),
                        service.name(),
                        "a networkPolicyPeer of " + cluster + "'s listener on " + bootstrap.getPort());
            }
        }
        problems.assertNone(overlay);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theGatewayRoutesToEveryServiceThatOwnsOperations(String overlay) throws Exception {
        Map<String, Map<String, Object>> deployments = deployments(overlay);
        Map<String, Object> gateway = deployment(overlay, "api-gateway");
        Properties routes = config(overlay, gateway);
        Map<String, Map<String, Object>> services = byName(Kustomize.objects(overlay, "Service"));
        Problems problems = new Problems();
        for (String owner : ServiceModule.operationOwners()) {
            if (!deployments.containsKey(owner)) {
                continue; // not written yet (jobs-service): the gateway answers its operations with 503
            }
            String where = "the gateway's route to " + owner;
            Map<String, Object> port =
                    map(list(mapAt(services.get(owner), "spec").get("ports")).getFirst());
            problems.require(
                    ("http://" + owner + ":" + port.get("port"))
                            .equals(routes.getProperty("iotdm.gateway.services." + owner + ".url")),
                    where,
                    "iotdm.gateway.services." + owner + ".url=http://" + owner + ":" + port.get("port"));
            int containerPort = containerPort(deployments.get(owner), port.get("targetPort"));
            problems.require(
                    admits(overlay, podLabels(deployments.get(owner)), podLabels(gateway), containerPort),
                    where,
                    "a NetworkPolicy of " + owner + " that lets the api-gateway in on " + containerPort);
        }
        problems.assertNone(overlay);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void prometheusScrapesEveryServiceFromTheMonitoringNamespace(String overlay) throws Exception {
        List<Map<String, Object>> monitors = Kustomize.objects(overlay, "PodMonitor");
        Problems problems = new Problems();
        for (ServiceModule service : ServiceModule.all()) {
            Map<String, Object> deployment = deployment(overlay, service.name());
            Map<String, Object> labels = podLabels(deployment);
            Optional<Map<String, Object>> endpoint = monitors.stream()
                    .filter(monitor -> selects(mapAt(monitor, "spec", "selector", "matchLabels"), labels))
                    .flatMap(monitor -> list(mapAt(monitor, "spec").get("podMetricsEndpoints")).stream())
                    .map(Manifest::map)
                    .filter(scraped -> "/q/metrics".equals(scraped.get("path")))
                    .findFirst();
            problems.require(endpoint.isPresent(), service.name(), "a PodMonitor that scrapes its /q/metrics");
            if (endpoint.isPresent()) {
                int port = containerPort(deployment, endpoint.get().get("port"));
                problems.require(
                        admitsNamespace(overlay, labels, MONITORING_NAMESPACE, port),
                        service.name(),
                        "a NetworkPolicy that lets namespace " + MONITORING_NAMESPACE + " in on " + port);
            }
        }
        problems.assertNone(overlay);
    }

    @Test
    void productionScalesProtectsAndSpreadsEveryService() throws Exception {
        String overlay = "production";
        Map<String, Map<String, Object>> autoscalers = Kustomize.objects(overlay, "HorizontalPodAutoscaler").stream()
                .collect(Collectors.toMap(
                        hpa -> String.valueOf(
                                mapAt(hpa, "spec", "scaleTargetRef").get("name")),
                        hpa -> hpa));
        List<Map<String, Object>> budgets = Kustomize.objects(overlay, "PodDisruptionBudget");
        Problems problems = new Problems();
        for (Map<String, Object> deployment : deployments(overlay).values()) {
            String where = describe(deployment);
            Map<String, Object> hpa = autoscalers.getOrDefault(name(deployment), Map.of());
            problems.require(!hpa.isEmpty(), where, "a HorizontalPodAutoscaler");
            int minimum = mapAt(hpa, "spec").get("minReplicas") instanceof Integer count ? count : 1;
            problems.require(minimum >= 2, where, "an autoscaler's minReplicas of 2 or more (has " + minimum + ")");
            // replicas below the minimum: every apply scales the service down until the autoscaler scales it up again
            Object replicas = mapAt(deployment, "spec").get("replicas");
            problems.require(
                    replicas instanceof Integer count && count >= minimum,
                    where,
                    "replicas of at least its autoscaler's minimum " + minimum + " (has " + replicas + ")");
            problems.require(
                    budgets.stream()
                            .anyMatch(pdb ->
                                    selects(mapAt(pdb, "spec", "selector", "matchLabels"), podLabels(deployment))),
                    where,
                    "a PodDisruptionBudget that selects its pods");
            problems.require(
                    !list(mapAt(deployment, "spec", "template", "spec").get("topologySpreadConstraints"))
                            .isEmpty(),
                    where,
                    "topologySpreadConstraints");
        }
        problems.assertNone(overlay);
    }

    private static Map<String, Map<String, Object>> deployments(String overlay) throws Exception {
        return byName(Kustomize.objects(overlay, "Deployment"));
    }

    private static Map<String, Object> deployment(String overlay, String name) throws Exception {
        Map<String, Object> deployment = deployments(overlay).get(name);
        if (deployment == null) {
            throw new AssertionError("overlay " + overlay + " has no Deployment " + name);
        }
        return deployment;
    }

    private static Map<String, Map<String, Object>> byName(List<Map<String, Object>> objects) {
        return objects.stream().collect(Collectors.toMap(Manifest::name, Function.identity()));
    }

    private static Map<String, Object> podLabels(Map<String, Object> deployment) {
        return mapAt(deployment, "spec", "template", "metadata", "labels");
    }

    /** The application.properties of the ConfigMap mounted as the pod's {@code config} volume. */
    private static Properties config(String overlay, Map<String, Object> deployment) throws Exception {
        Object configMap = list(mapAt(deployment, "spec", "template", "spec").get("volumes")).stream()
                .map(Manifest::map)
                .filter(volume -> "config".equals(volume.get("name")))
                .map(volume -> mapAt(volume, "configMap").get("name"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(describe(deployment) + " has no config volume"));
        Map<String, Object> mounted =
                byName(Kustomize.objects(overlay, "ConfigMap")).get(String.valueOf(configMap));
        assertThat(mounted)
                .as("ConfigMap %s of %s", configMap, describe(deployment))
                .isNotNull();
        Properties properties = new Properties();
        try {
            properties.load(
                    new StringReader(String.valueOf(mapAt(mounted, "data").get("application.properties"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** The databases of a CloudNativePG cluster: its bootstrap database and its Database resources. */
    private static List<Object> databases(String overlay, String cluster) throws Exception {
        List<Object> databases = new ArrayList<>();
        Kustomize.objects(overlay, "Cluster").stream()
                .filter(object -> name(object).equals(cluster))
                .forEach(object -> databases.add(
                        mapAt(object, "spec", "bootstrap", "initdb").get("database")));
        Kustomize.objects(overlay, "Database").stream()
                .filter(object ->
                        cluster.equals(mapAt(object, "spec", "cluster").get("name")))
                .forEach(object -> databases.add(mapAt(object, "spec").get("name")));
        return databases;
    }

    /** The secretKeyRef of the service container's environment variable, empty when it has none. */
    private static Map<String, Object> secretEnv(Map<String, Object> deployment, String variable) {
        return list(mapAt(deployment, "spec", "template", "spec").get("containers")).stream()
                .flatMap(container -> list(map(container).get("env")).stream())
                .map(Manifest::map)
                .filter(env -> variable.equals(env.get("name")))
                .map(env -> mapAt(env, "valueFrom", "secretKeyRef"))
                .findFirst()
                .orElse(Map.of());
    }

    /** A Service's targetPort as the container's port number (a name resolves through the containers' ports). */
    private static int containerPort(Map<String, Object> deployment, Object targetPort) {
        if (targetPort instanceof Integer number) {
            return number;
        }
        return list(mapAt(deployment, "spec", "template", "spec").get("containers")).stream()
                .flatMap(container -> list(map(container).get("ports")).stream())
                .map(Manifest::map)
                .filter(port -> Objects.equals(port.get("name"), targetPort))
                .map(port -> (Integer) port.get("containerPort"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(describe(deployment) + " has no port " + targetPort));
    }

    /**
     * Whether a NetworkPolicy that selects the {@code target} pods lets the {@code source} pods (of this namespace) in
     * on {@code port}: a rule without {@code from} admits everyone, one without {@code ports} every port.
     */
    private static boolean admits(String overlay, Map<String, Object> target, Map<String, Object> source, int port)
            throws Exception {
        return Kustomize.objects(overlay, "NetworkPolicy").stream()
                .filter(policy -> selects(mapAt(policy, "spec", "podSelector", "matchLabels"), target))
                .flatMap(policy -> list(mapAt(policy, "spec").get("ingress")).stream())
                .map(Manifest::map)
                .anyMatch(rule -> (!rule.containsKey("from")
                                || list(rule.get("from")).stream()
                                        .map(Manifest::map)
                                        .anyMatch(peer -> !peer.containsKey("namespaceSelector")
                                                && selects(mapAt(peer, "podSelector", "matchLabels"), source)))
                        && (!rule.containsKey("ports")
                                || list(rule.get("ports")).stream()
                                        .anyMatch(allowed ->
                                                Objects.equals(map(allowed).get("port"), port))));
    }

    /** Whether a NetworkPolicy that selects the {@code target} pods lets every pod of {@code namespace} in on {@code port}. */
    private static boolean admitsNamespace(String overlay, Map<String, Object> target, String namespace, int port)
            throws Exception {
        Map<String, Object> namespaceLabels = Map.of("kubernetes.io/metadata.name", namespace);
        return Kustomize.objects(overlay, "NetworkPolicy").stream()
                .filter(policy -> selects(mapAt(policy, "spec", "podSelector", "matchLabels"), target))
                .flatMap(policy -> list(mapAt(policy, "spec").get("ingress")).stream())
                .map(Manifest::map)
                .anyMatch(rule -> list(rule.get("from")).stream()
                                .map(Manifest::map)
                                .anyMatch(peer -> !peer.containsKey("podSelector")
                                        && selects(mapAt(peer, "namespaceSelector", "matchLabels"), namespaceLabels))
                        && (!rule.containsKey("ports")
                                || list(rule.get("ports")).stream()
                                        .anyMatch(allowed ->
                                                Objects.equals(map(allowed).get("port"), port))));
    }
}
