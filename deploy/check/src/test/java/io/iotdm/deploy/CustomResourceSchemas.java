package io.iotdm.deploy;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The schemas of the operators' custom resources, read from Java models of them that Maven Central serves, as JSON
 * Schema definitions ({@code $defs}):
 *
 * <ul>
 *   <li>Strimzi's {@code Kafka}, {@code KafkaNodePool} and {@code KafkaTopic} from {@code io.strimzi:api} (Strimzi's own
 *       API module, of the operator version deploy/ runs; Strimzi generates its CRDs from these very classes);
 *   <li>prometheus-operator's {@code PodMonitor} and {@code PrometheusRule} from fabric8's {@code
 *       io.fabric8:openshift-model-monitoring}, generated from prometheus-operator's CRDs.
 * </ul>
 *
 * <p>A model's properties are what Jackson deserializes (their JSON names, their Java types); a Java enum is its
 * serialized values; a type named in {@code @JsonTypeInfo}/{@code @JsonSubTypes} (Strimzi's storage, listener
 * authentication, logging...) is one of its subtypes, told apart by the type property's value. Every object refuses
 * fields its model does not declare, as the API server does under strict field validation (a map-typed field such as
 * a KafkaTopic's {@code config} keeps any key, as its CRD's {@code x-kubernetes-preserve-unknown-fields} does). This
 * catches a misspelt or misplaced field, a wrong type, an unknown enum value, a missing discriminator and a missing
 * field marked {@code @JsonProperty(required = true)}.
 *
 * <p>What it does not catch: Strimzi puts its bounds and patterns ({@code @Minimum}, {@code @Maximum}, {@code
 * @Pattern}, {@code @OneOf}) in annotations of {@code io.strimzi:crd-generator}, which Maven Central does not serve,
 * so they cannot be read here (a KafkaTopic with {@code partitions: 0} passes); fabric8's monitoring models carry no
 * bounds, patterns or required fields at all; no CEL rule is evaluated. {@code metadata} is Kubernetes' ObjectMeta
 * ({@link KubernetesApiSchemas}), which the API server checks on a custom resource as on any object; a Kubernetes type
 * inside a custom resource ({@code resources}, {@code networkPolicyPeers}...) is checked as fabric8's {@code
 * kubernetes-model-core} (the version the Quarkus BOM manages) models it, the type these models declare.
 */
final class CustomResourceSchemas {

    /** The custom resources whose models are on the test classpath. */
    private static final List<Class<? extends HasMetadata>> MODELS =
            List.of(Kafka.class, KafkaNodePool.class, KafkaTopic.class, PodMonitor.class, PrometheusRule.class);

    private static final ObjectMapper JACKSON = new ObjectMapper();

    private CustomResourceSchemas() {}

    /** The key of a custom resource's schema among the definitions: {@code group/version/Kind}. */
    static String definition(String apiVersion, String kind) {
        return apiVersion + "/" + kind;
    }

    /**
     * Adds to {@code defs} the schema of every custom resource of {@link #MODELS}, under {@link #definition}, with
     * {@code metadata} referring to {@code objectMeta}, and of every model it reaches, each once.
     */
    static void define(Map<String, Object> defs, String objectMeta) {
        Deque<JavaType> pending = new ArrayDeque<>();
        for (Class<? extends HasMetadata> model : MODELS) {
            Map<String, Object> schema = bean(JACKSON.constructType(model), pending);
            Map<String, Object> properties = Manifest.map(schema.get("properties"));
            properties.put("metadata", Map.of("$ref", "#/$defs/" + objectMeta));
            defs.put(definition(HasMetadata.getApiVersion(model), HasMetadata.getKind(model)), schema);
        }
        while (!pending.isEmpty()) {
            JavaType model = pending.pop();
            if (!defs.containsKey(definition(model))) {
                defs.put(definition(model), polymorphic(model, pending));
            }
        }
    }

    /** One of the subtypes that {@code @JsonSubTypes} names, or the model itself when it names none. */
    private static Map<String, Object> polymorphic(JavaType model, Deque<JavaType> pending) {
        Class<?> raw = model.getRawClass();
        JsonTypeInfo typeInfo = raw.getAnnotation(JsonTypeInfo.class);
        JsonSubTypes subtypes = raw.getAnnotation(JsonSubTypes.class);
        if (typeInfo == null || subtypes == null) {
            return bean(model, pending);
        }
        if (typeInfo.use() != JsonTypeInfo.Id.NAME) {
            throw new IllegalStateException("a polymorphic model not told apart by a type name: " + raw);
        }
        List<Object> branches = new ArrayList<>();
        for (JsonSubTypes.Type subtype : subtypes.value()) {
            Map<String, Object> branch = bean(JACKSON.constructType(subtype.value()), pending);
            String name = subtype.name().isEmpty()
                    ? subtype.value().getAnnotation(JsonTypeName.class).value()
                    : subtype.name();
            Map<String, Object> properties = Manifest.map(branch.get("properties"));
            properties.put(typeInfo.property(), Map.of("const", name));
            TreeSet<String> required = new TreeSet<>(Manifest.list(branch.get("required")).stream()
                    .map(String::valueOf)
                    .toList());
            required.add(typeInfo.property());
            branch.put("required", List.copyOf(required));
            branches.add(branch);
        }
        return Map.of("oneOf", branches);
    }

    private static Map<String, Object> bean(JavaType model, Deque<JavaType> pending) {
        Map<String, Object> properties = new LinkedHashMap<>();
        TreeSet<String> required = new TreeSet<>();
        for (BeanPropertyDefinition property :
                JACKSON.getDeserializationConfig().introspect(model).findProperties()) {
            if (!property.couldDeserialize()) {
                continue;
            }
            properties.put(property.getName(), schemaOf(property.getPrimaryType(), pending));
            if (property.isRequired()) {
                required.add(property.getName());
            }
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("additionalProperties", false);
        if (!required.isEmpty()) {
            schema.put("required", List.copyOf(required));
        }
        return schema;
    }

    private static Map<String, Object> schemaOf(JavaType type, Deque<JavaType> pending) {
        Class<?> raw = type.getRawClass();
        if (type.isCollectionLikeType() || (type.isArrayType() && raw != byte[].class)) {
            return Map.of("type", "array", "items", schemaOf(type.getContentType(), pending));
        }
        if (type.isMapLikeType()) {
            return Map.of("type", "object", "additionalProperties", schemaOf(type.getContentType(), pending));
        }
        if (raw == String.class || raw == byte[].class) {
            return Map.of("type", "string");
        }
        if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
            return Map.of("type", "integer");
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return Map.of("type", "boolean");
        }
        if (Number.class.isAssignableFrom(raw) || raw == double.class || raw == float.class) {
            return Map.of("type", "number");
        }
        if (raw.isEnum()) {
            return Map.of("enum", serializedValues(raw));
        }
        if (raw == Object.class || raw.getName().startsWith("com.fasterxml.jackson.databind.")) {
            return Map.of();
        }
        if (raw == Quantity.class) {
            return KubernetesApiSchemas.QUANTITY;
        }
        if (raw == IntOrString.class) {
            return KubernetesApiSchemas.INT_OR_STRING;
        }
        if (raw.getName().startsWith("java.")) {
            throw new IllegalStateException("a custom resource's field of a type the schema does not know: " + type);
        }
        pending.push(type);
        return Map.of("$ref", "#/$defs/" + definition(type));
    }

    /**
     * The definition name of a model: its class's full name, which no Kubernetes model's simple name and no {@code
     * group/version/Kind} can be. A model below a custom resource's root takes no type parameters.
     */
    private static String definition(JavaType model) {
        return model.getRawClass().getName();
    }

    /** An enum's values as Jackson writes them ({@code @JsonValue} and the like), so as the CRD lists them. */
    private static List<Object> serializedValues(Class<?> enumeration) {
        List<Object> values = new ArrayList<>();
        for (Object constant : enumeration.getEnumConstants()) {
            try {
                values.add(JACKSON.readValue(JACKSON.writeValueAsString(constant), Object.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("an enum Jackson cannot write: " + enumeration, e);
            }
        }
        return values;
    }
}
