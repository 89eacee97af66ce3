package io.iotdm.deploy;

import static io.iotdm.deploy.Manifest.at;
import static io.iotdm.deploy.Manifest.describe;
import static io.iotdm.deploy.Manifest.list;
import static io.iotdm.deploy.Manifest.map;
import static io.iotdm.deploy.Manifest.mapAt;
import static io.iotdm.deploy.Manifest.selects;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotdm.events.AccountConfiguration;
import io.iotdm.events.CertificateEvents;
import io.iotdm.events.DynamicGroupMessages;
import io.iotdm.events.GroupEvents;
import io.iotdm.events.MqttMessages;
import io.iotdm.events.ProvisioningChanges;
import io.iotdm.events.RegistryEvents;
import io.iotdm.events.ShadowEvents;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every overlay of deploy/overlays, rendered as {@code kubectl apply -k} would send it, holds what deploy/README.md
 * promises. This checks shape and policy; SchemaValidationTest checks every object against its kind's schema.
 */
class RenderedOverlaysTest {

    /** The topics of docs/architecture.md §2a (and §6) that a service produces or follows today. */
    private static final Set<String> TOPICS = Set.of(
            RegistryEvents.THING_TOPIC,
            RegistryEvents.THING_TYPE_TOPIC,
            RegistryEvents.THING_TYPE_ASSOCIATION_TOPIC,
            ShadowEvents.SHADOW_TOPIC,
            GroupEvents.THING_GROUP_TOPIC,
            GroupEvents.THING_GROUP_MEMBERSHIP_TOPIC,
            GroupEvents.THING_GROUP_HIERARCHY_TOPIC,
            DynamicGroupMessages.MEMBERSHIP_TOPIC,
            DynamicGroupMessages.DEFINITIONS_TOPIC,
            ProvisioningChanges.TOPIC,
            // JITR's registrations (provisioning-service), republished to MQTT by the gateways
            CertificateEvents.TOPIC,
            // followed by the indexing-service (connectivity), produced by the device gateway to come
            "aws.events.presence",
            // devices' messages (the device gateway) and iot-data Publish (the registry), delivered by the gateways
            MqttMessages.TOPIC,
            // the registry's account settings for the gateways, and the gateways' log entries
            AccountConfiguration.TOPIC,
            AccountConfiguration.LOGS_TOPIC);

    static List<String> overlays() throws Exception {
        return Kustomize.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectHasApiVersionKindAndName(String overlay) throws Exception {
        assertThat(Kustomize.objects(overlay)).isNotEmpty().allSatisfy(object -> {
            assertThat(object.get("apiVersion")).as("apiVersion of %s", object).isInstanceOf(String.class);
            assertThat(object.get("kind")).as("kind of %s", object).isInstanceOf(String.class);
            assertThat(at(object, "metadata", "name"))
                    .as("metadata.name of %s", object)
                    .isPresent();
        });
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyDeploymentIsProbedSizedLockedDownAndPinned(String overlay) throws Exception {
        List<Map<String, Object>> deployments = Kustomize.objects(overlay, "Deployment");
        assertThat(deployments).isNotEmpty();
        Problems problems = new Problems();
        for (Map<String, Object> deployment : deployments) {
            Map<String, Object> pod = mapAt(deployment, "spec", "template", "spec");
            Map<String, Object> podSecurity = map(pod.get("securityContext"));
            Map<Object, Map<String, Object>> volumes = list(pod.get("volumes")).stream()
                    .map(Manifest::map)
                    .collect(Collectors.toMap(volume -> volume.get("name"), volume -> volume));
            List<Object> containers = list(pod.get("containers"));
            if (containers.isEmpty()) {
                problems.add(describe(deployment) + " has no containers");
            }
            for (Object item : containers) {
                Map<String, Object> container = map(item);
                String where = describe(deployment) + " container " + container.get("name");
                Map<String, Object> security = map(container.get("securityContext"));
                problems.require(container.containsKey("readinessProbe"), where, "a readinessProbe");
                problems.require(container.containsKey("livenessProbe"), where, "a livenessProbe");
                for (String resource : List.of("requests.cpu", "requests.memory", "limits.memory")) {
                    problems.require(
                            at(container, ("resources." + resource).split("\\."))
                                    .isPresent(),
                            where,
                            "resources." + resource);
                }
                problems.require(
                        Boolean.TRUE.equals(effective(security, podSecurity, "runAsNonRoot")),
                        where,
                        "runAsNonRoot: true");
                problems.require(
                        Boolean.TRUE.equals(security.get("readOnlyRootFilesystem")),
                        where,
                        "readOnlyRootFilesystem: true");
                problems.require(
                        Boolean.FALSE.equals(security.get("allowPrivilegeEscalation")),
                        where,
                        "allowPrivilegeEscalation: false");
                problems.require(
                        list(mapAt(security, "capabilities").get("drop")).contains("ALL"),
                        where,
                        "capabilities.drop: [ALL]");
                problems.require(
                        "RuntimeDefault"
                                .equals(map(effective(security, podSecurity, "seccompProfile"))
                                        .get("type")),
                        where,
                        "seccompProfile RuntimeDefault");
                problems.require(
                        pinned(String.valueOf(container.get("image"))),
                        where,
                        "an image with a tag other than latest (has " + container.get("image") + ")");
                List<Map<String, Object>> mounts = list(container.get("volumeMounts")).stream()
                        .map(Manifest::map)
                        .toList();
                for (Map<String, Object> mount : mounts) {
                    problems.require(volumes.containsKey(mount.get("name")), where, "a volume for " + mount);
                }
                // the JVM and Netty write temporary files, and the root file system is read-only
                problems.require(
                        mounts.stream()
                                .anyMatch(mount -> "/tmp".equals(mount.get("mountPath"))
                                        && map(volumes.get(mount.get("name"))).containsKey("emptyDir")),
                        where,
                        "an emptyDir on /tmp");
            }
        }
        problems.assertNone(overlay);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyDeploymentSelectsItsPodsAndAServiceSelectsThem(String overlay) throws Exception {
        List<Map<String, Object>> services = Kustomize.objects(overlay, "Service");
        for (Map<String, Object> deployment : Kustomize.objects(overlay, "Deployment")) {
            Map<String, Object> labels = mapAt(deployment, "spec", "template", "metadata", "labels");
            assertThat(selects(mapAt(deployment, "spec", "selector", "matchLabels"), labels))
                    .as("%s's selector matches its pod template's labels %s", describe(deployment), labels)
                    .isTrue();
            Set<Object> ports = list(
                            mapAt(deployment, "spec", "template", "spec").get("containers"))
                    .stream()
                    .flatMap(container -> list(map(container).get("ports")).stream())
                    .flatMap(port -> Stream.of(map(port).get("name"), map(port).get("containerPort")))
                    .collect(Collectors.toSet());
            assertThat(services)
                    .as("a Service that selects the pods of %s, on ports they have %s", describe(deployment), ports)
                    .anySatisfy(service -> {
                        assertThat(selects(mapAt(service, "spec", "selector"), labels))
                                .isTrue();
                        assertThat(list(mapAt(service, "spec").get("ports")))
                                .isNotEmpty()
                                .allSatisfy(port ->
                                        assertThat(map(port).get("targetPort")).isIn(ports));
                    });
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyTopicIsDeclaredAndTheDefinitionsAreCompacted(String overlay) throws Exception {
        Map<String, Map<String, Object>> topics = Kustomize.objects(overlay, "KafkaTopic").stream()
                .collect(Collectors.toMap(
                        topic -> String.valueOf(mapAt(topic, "spec").get("topicName")), t -> t));
        assertThat(topics.keySet()).containsAll(TOPICS);
        assertThat(at(topics.get(DynamicGroupMessages.DEFINITIONS_TOPIC), "spec", "config", "cleanup.policy"))
                .contains("compact");
        assertThat(at(topics.get(AccountConfiguration.TOPIC), "spec", "config", "cleanup.policy"))
                .contains("compact");
        // the broker's default retention is nobody's decision: each topic is compacted or says how long it keeps
        assertThat(topics.values()).allSatisfy(topic -> assertThat(mapAt(topic, "spec", "config"))
                .as("%s is compacted or has a retention.ms", describe(topic))
                .satisfiesAnyOf(
                        config -> assertThat(config).containsEntry("cleanup.policy", "compact"),
                        config -> assertThat(config).containsKey("retention.ms")));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void autoscalersAndBudgetsAimAtDeployments(String overlay) throws Exception {
        List<Map<String, Object>> deployments = Kustomize.objects(overlay, "Deployment");
        Set<String> names = deployments.stream().map(Manifest::name).collect(Collectors.toSet());
        assertThat(Kustomize.objects(overlay, "HorizontalPodAutoscaler")).allSatisfy(hpa -> assertThat(
                        mapAt(hpa, "spec", "scaleTargetRef").get("name"))
                .as("target of %s", describe(hpa))
                .isIn(names));
        assertThat(Kustomize.objects(overlay, "PodDisruptionBudget")).allSatisfy(pdb -> assertThat(deployments)
                .as("a Deployment whose pods %s selects", describe(pdb))
                .anySatisfy(deployment -> assertThat(selects(
                                mapAt(pdb, "spec", "selector", "matchLabels"),
                                mapAt(deployment, "spec", "template", "metadata", "labels")))
                        .isTrue()));
    }

    /** A container's setting, else its pod's (Kubernetes's own precedence). */
    private static Object effective(Map<String, Object> container, Map<String, Object> pod, String key) {
        return container.containsKey(key) ? container.get(key) : pod.get(key);
    }

    /** A digest, or a tag that is not {@code latest}; the tag follows the last ':' after the last '/'. */
    private static boolean pinned(String image) {
        if (image.contains("@sha256:")) {
            return true;
        }
        String last = image.substring(image.lastIndexOf('/') + 1);
        int colon = last.lastIndexOf(':');
        return colon > 0
                && colon < last.length() - 1
                && !last.substring(colon + 1).equals("latest");
    }
}
