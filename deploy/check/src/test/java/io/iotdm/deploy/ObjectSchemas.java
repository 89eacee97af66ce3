package io.iotdm.deploy;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Validates a rendered object against the schema of its kind: Kubernetes 1.32's for the built-in kinds ({@link
 * KubernetesApiSchemas}), the operator's Java model for a custom resource ({@link CustomResourceSchemas}). All definitions
 * live in one {@code $defs} document, so that a {@code $ref} resolves within it and no schema is fetched from anywhere.
 */
final class ObjectSchemas {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, Object> defs = new LinkedHashMap<>();
    private final Map<String, Schema> byKind = new HashMap<>();
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    ObjectSchemas() {
        Class<?> objectMeta = KubernetesApiSchemas.type("V1ObjectMeta");
        KubernetesApiSchemas.define(objectMeta, defs);
        CustomResourceSchemas.define(defs, KubernetesApiSchemas.definition(objectMeta));
    }

    /**
     * What the API server would refuse in {@code object}, each as {@code Kind/name: /path: message}; one entry alone
     * when no schema for its apiVersion and kind is known here (a kind this check does not know passes nothing).
     */
    synchronized List<String> problems(Map<String, Object> object) {
        String apiVersion = String.valueOf(object.get("apiVersion"));
        String kind = Manifest.kind(object);
        Optional<Schema> schema = schema(apiVersion, kind);
        if (schema.isEmpty()) {
            return List.of(Manifest.describe(object) + ": no schema for apiVersion " + apiVersion + " kind " + kind
                    + " (Kubernetes 1.32 does not serve it and no custom resource model defines it)");
        }
        List<Error> errors = schema.get().validate(JSON.valueToTree(object));
        return errors.stream()
                .map(error -> Manifest.describe(object) + ": " + pointer(error) + ": " + error.getMessage())
                .toList();
    }

    /** Where in the object the error is, as a JSON pointer ({@code /} for the object itself). */
    private static String pointer(Error error) {
        String location = error.getInstanceLocation().toString();
        return location.isEmpty() ? "/" : location;
    }

    private Optional<Schema> schema(String apiVersion, String kind) {
        String crd = CustomResourceSchemas.definition(apiVersion, kind);
        String definition;
        if (defs.containsKey(crd)) {
            definition = crd;
        } else {
            Optional<Class<?>> model = KubernetesApiSchemas.model(apiVersion, kind);
            if (model.isEmpty()) {
                return Optional.empty();
            }
            KubernetesApiSchemas.define(model.get(), defs);
            definition = KubernetesApiSchemas.definition(model.get());
        }
        return Optional.of(byKind.computeIfAbsent(definition, this::compile));
    }

    private Schema compile(String definition) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("$schema", SpecificationVersion.DRAFT_2020_12.getDialectId());
        document.put("$ref", "#/$defs/" + pointerEscaped(definition));
        document.put("$defs", defs);
        JsonNode node = JSON.valueToTree(document);
        return registry.getSchema(node);
    }

    /** RFC 6901's escaping of a definition's name inside a {@code $ref}: a CRD's key holds slashes. */
    private static String pointerEscaped(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
