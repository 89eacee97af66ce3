package io.iotdm.deploy;

import com.google.gson.annotations.SerializedName;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The schemas of Kubernetes 1.32's built-in kinds, as JSON Schema definitions ({@code $defs}), read from the models of
 * the official Java client (io.kubernetes:client-java-api 23.0.0, whose models the client's project generated from the
 * OpenAPI document of Kubernetes' release-1.32 branch: "Automated openapi generation from release-1.32"; release 22
 * was 1.31's). Each model class carries the object's
 * fields (Gson's {@code @SerializedName}, with their Java types) and the required ones ({@code openapiRequiredFields}),
 * which is all that the OpenAPI document says of a type apart from descriptions and formats.
 *
 * <p>Every object refuses fields it does not declare ({@code additionalProperties: false}): that is what the API server
 * does under strict field validation ({@code kubectl apply}'s default {@code --validate=strict}, server-side since
 * Kubernetes 1.27), which answers "unknown field" where the default non-strict mode would drop the field silently.
 */
final class KubernetesApiSchemas {

    static final String MODELS = "io.kubernetes.client.openapi.models";

    private static final String APIS = "io.kubernetes.client.openapi.apis";

    /**
     * A Kubernetes resource quantity (k8s.io/apimachinery's {@code resource.Quantity}): the pattern Kubernetes itself
     * puts on quantities in the CRD schemas it generates, and a number, which it accepts as well.
     */
    static final Map<String, Object> QUANTITY = Map.of(
            "anyOf",
            List.of(
                    Map.of(
                            "type",
                            "string",
                            "pattern",
                            "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$"),
                    Map.of("type", "number")));

    static final Map<String, Object> INT_OR_STRING = Map.of("type", List.of("integer", "string"));

    private KubernetesApiSchemas() {}

    /**
     * The model class of a built-in kind, or empty for a kind that Kubernetes 1.32 does not serve at that apiVersion.
     * The client's API class of the group and version ({@code apps/v1} is {@code AppsV1Api}, the core group's {@code v1}
     * is {@code CoreV1Api}, {@code rbac.authorization.k8s.io/v1} is {@code RbacAuthorizationV1Api}) has a create
     * operation for each kind it serves, whose body is that kind's model: so a kind at a group that does not serve it
     * finds no model, where a guess from the class names alone ({@code V1Deployment}) would take any group's.
     */
    static Optional<Class<?>> model(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "core" : apiVersion.substring(0, slash).replace(".k8s.io", "");
        String version = apiVersion.substring(slash + 1);
        StringBuilder api = new StringBuilder(APIS).append('.');
        for (String part : group.split("\\.")) {
            api.append(capitalized(part));
        }
        api.append(capitalized(version)).append("Api");
        try {
            return Stream.of(Class.forName(api.toString()).getMethods())
                    .filter(create -> create.getName().equals("create" + kind)
                            || create.getName().equals("createNamespaced" + kind))
                    .map(create -> create.getParameterTypes()[create.getParameterCount() - 1])
                    .<Class<?>>map(body -> body)
                    .findFirst();
        } catch (ClassNotFoundException notServed) {
            return Optional.empty();
        }
    }

    /** The model of a type that is no kind of its own, such as ObjectMeta. */
    static Class<?> type(String name) {
        try {
            return Class.forName(MODELS + "." + name);
        } catch (ClassNotFoundException absent) {
            throw new IllegalStateException("client-java-api has no model " + name, absent);
        }
    }

    private static String capitalized(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    /** The definition name of a model: its class's simple name. */
    static String definition(Class<?> model) {
        return model.getSimpleName();
    }

    /** Adds to {@code defs} the schema of {@code root} and of every model it reaches, each once. */
    static void define(Class<?> root, Map<String, Object> defs) {
        Deque<Class<?>> pending = new ArrayDeque<>(List.of(root));
        while (!pending.isEmpty()) {
            Class<?> model = pending.pop();
            if (defs.containsKey(definition(model))) {
                continue;
            }
            Map<String, Object> properties = new LinkedHashMap<>();
            for (Field field : model.getDeclaredFields()) {
                SerializedName name = field.getAnnotation(SerializedName.class);
                if (name != null && !Modifier.isStatic(field.getModifiers())) {
                    properties.put(name.value(), schemaOf(field.getGenericType(), pending));
                }
            }
            Map<String, Object> schema = new LinkedHashMap<>();
            schema.put("type", "object");
            schema.put("properties", properties);
            schema.put("additionalProperties", false);
            Collection<String> required = requiredFields(model);
            if (!required.isEmpty()) {
                schema.put("required", List.copyOf(new TreeSet<>(required)));
            }
            defs.put(definition(model), schema);
        }
    }

    private static Map<String, Object> schemaOf(Type type, Deque<Class<?>> pending) {
        if (type instanceof ParameterizedType generic) {
            Class<?> raw = (Class<?>) generic.getRawType();
            Type[] arguments = generic.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                return Map.of("type", "array", "items", schemaOf(arguments[0], pending));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return Map.of("type", "object", "additionalProperties", schemaOf(arguments[1], pending));
            }
            throw new IllegalStateException("a Kubernetes model field of a type the schema does not know: " + type);
        }
        Class<?> of = (Class<?>) type;
        if (of == String.class || of == OffsetDateTime.class || of == byte[].class || of.isEnum()) {
            return Map.of("type", "string");
        }
        if (of == Integer.class || of == Long.class) {
            return Map.of("type", "integer");
        }
        if (of == Boolean.class) {
            return Map.of("type", "boolean");
        }
        if (Number.class.isAssignableFrom(of)) {
            return Map.of("type", "number");
        }
        if (of == Object.class) {
            return Map.of();
        }
        return switch (of.getSimpleName()) {
            case "Quantity" -> QUANTITY;
            case "IntOrString" -> INT_OR_STRING;
            default -> {
                if (!of.getPackageName().equals(MODELS)) {
                    throw new IllegalStateException(
                            "a Kubernetes model field of a type the schema does not know: " + of);
                }
                pending.push(of);
                yield Map.of("$ref", "#/$defs/" + definition(of));
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static Collection<String> requiredFields(Class<?> model) {
        try {
            return (Collection<String>) model.getField("openapiRequiredFields").get(null);
        } catch (ReflectiveOperationException absent) {
            return List.of();
        }
    }
}
