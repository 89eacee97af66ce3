package io.iotdm.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every object of every overlay is one the API server of Kubernetes 1.32, with the operators' CRDs installed, would
 * accept under strict field validation: the built-in kinds against Kubernetes 1.32's schemas, the custom resources
 * against the schemas read from their operators' Java models where Maven Central serves one, and the kinds of {@link
 * #NOT_SCHEMA_CHECKED} not at all (deploy/README.md, "What the build checks").
 */
class SchemaValidationTest {

    /**
     * The kinds that no schema checks, by {@code apiVersion/Kind}, and why. No other kind passes without a schema, so
     * that a new kind is never left unchecked in silence.
     */
    static final Map<String, String> NOT_SCHEMA_CHECKED = Map.of(
            "postgresql.cnpg.io/v1/Cluster",
                    "CloudNativePG publishes its CRDs and its Go API only: no Maven, npm or Debian package carries them",
            "postgresql.cnpg.io/v1/Database",
                    "CloudNativePG publishes its CRDs and its Go API only: no Maven, npm or Debian package carries them",
            "opensearch.opster.io/v1/OpenSearchCluster",
                    "the OpenSearch operator publishes its CRDs and its Go API only: no Maven, npm or Debian package"
                            + " carries them");

    private static ObjectSchemas schemas;

    @BeforeAll
    static void loadSchemas() throws Exception {
        schemas = new ObjectSchemas();
    }

    static List<String> overlays() throws Exception {
        return Kustomize.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectValidatesAgainstItsSchema(String overlay) throws Exception {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> object : Kustomize.objects(overlay)) {
            if (!NOT_SCHEMA_CHECKED.containsKey(object.get("apiVersion") + "/" + Manifest.kind(object))) {
                problems.addAll(schemas.problems(object));
            }
        }
        assertThat(problems).as("schema errors in overlay %s", overlay).isEmpty();
    }

    /**
     * A field misspelt in a custom resource of each operator whose model the check reads, at the path (slash-separated,
     * list items by index) of the object that holds it: the storage volume of a node pool is one of Strimzi's
     * polymorphic types, which must stay closed as well.
     */
    @ParameterizedTest
    @CsvSource({
        "KafkaTopic, spec, partitions, partition",
        "Kafka, spec/kafka/listeners/0, networkPolicyPeers, networkPolicyPeer",
        "KafkaNodePool, spec/storage/volumes/0, deleteClaim, deleteClaims",
        "PodMonitor, spec/podMetricsEndpoints/0, path, paht",
        "PrometheusRule, spec/groups/0/rules/0, expr, exp"
    })
    void aMisspeltFieldOfACustomResourceIsRefused(String kind, String path, String field, String misspelt)
            throws Exception {
        Map<String, Object> object = copy(Kustomize.objects("dev", kind).getFirst());
        Map<String, Object> holder = Manifest.map(at(object, path));
        holder.put(misspelt, holder.remove(field));

        assertThat(schemas.problems(object))
                .anySatisfy(problem -> assertThat(problem).contains("/" + path).contains(misspelt));
    }

    @Test
    void aValueOutsideAnEnumOfACustomResourceIsRefused() throws Exception {
        Map<String, Object> kafka = copy(Kustomize.objects("dev", "Kafka").getFirst());
        Manifest.map(at(kafka, "spec/kafka/listeners/0")).put("type", "intenral");

        assertThat(schemas.problems(kafka))
                .anySatisfy(problem -> assertThat(problem).contains("/spec/kafka/listeners/0/type"));
    }

    @Test
    void aWrongTypeAndAnUnknownFieldOfABuiltInKindAreRefused() throws Exception {
        Map<String, Object> deployment =
                copy(Kustomize.objects("dev", "Deployment").getFirst());
        Map<String, Object> spec = Manifest.map(deployment.get("spec"));
        spec.put("replicas", "two");
        Map<String, Object> container = Manifest.map(
                Manifest.list(Manifest.mapAt(spec, "template", "spec").get("containers"))
                        .getFirst());
        container.put("imagePullPolicyy", "Always");

        assertThat(schemas.problems(deployment))
                .anySatisfy(problem -> assertThat(problem).contains("/spec/replicas"))
                .anySatisfy(problem -> assertThat(problem)
                        .contains("/spec/template/spec/containers/0")
                        .contains("imagePullPolicyy"));
    }

    @Test
    void aMalformedQuantityIsRefused() throws Exception {
        Map<String, Object> deployment =
                copy(Kustomize.objects("dev", "Deployment").getFirst());
        Map<String, Object> container = Manifest.map(Manifest.list(
                        Manifest.mapAt(deployment, "spec", "template", "spec").get("containers"))
                .getFirst());
        Manifest.map(Manifest.map(container.get("resources")).get("requests")).put("memory", "512MB");

        assertThat(schemas.problems(deployment))
                .anySatisfy(problem -> assertThat(problem).contains("/resources/requests/memory"));
    }

    /** A kind that no schema here defines, and a built-in kind at a group that does not serve it. */
    @ParameterizedTest
    @CsvSource({"example.com/v1, Widget", "batch/v1, Deployment", "apps/v1beta1, Deployment"})
    void aKindWithoutASchemaIsRefused(String apiVersion, String kind) {
        Map<String, Object> unknown = Map.of("apiVersion", apiVersion, "kind", kind, "metadata", Map.of("name", "w"));

        assertThat(schemas.problems(unknown)).singleElement().asString().contains("no schema");
    }

    /** A kind listed as not checked has no schema indeed: the list says what is left out, and no more. */
    @Test
    void theKindsNotSchemaCheckedHaveNoSchema() {
        NOT_SCHEMA_CHECKED.keySet().forEach(kind -> {
            int slash = kind.lastIndexOf('/');
            Map<String, Object> object = Map.of(
                    "apiVersion", kind.substring(0, slash), "kind", kind.substring(slash + 1), "metadata", Map.of());
            assertThat(schemas.problems(object))
                    .as(kind)
                    .singleElement()
                    .asString()
                    .contains("no schema");
        });
    }

    /** The value at a slash-separated path of map keys and list indexes. */
    private static Object at(Object root, String path) {
        Object value = root;
        for (String step : path.split("/")) {
            value = value instanceof List<?> list
                    ? list.get(Integer.parseInt(step))
                    : Manifest.map(value).get(step);
        }
        return value;
    }

    /** A deep, mutable copy of a rendered object, so that breaking it leaves the overlay's objects alone. */
    @SuppressWarnings("unchecked")
    private static <T> T copy(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copied = new LinkedHashMap<>();
            map.forEach((key, item) -> copied.put(String.valueOf(key), copy(item)));
            return (T) copied;
        }
        if (value instanceof List<?> list) {
            List<Object> copied = new ArrayList<>();
            list.forEach(item -> copied.add(copy(item)));
            return (T) copied;
        }
        return value;
    }
}
