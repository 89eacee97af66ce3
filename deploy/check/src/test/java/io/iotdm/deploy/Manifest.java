package io.iotdm.deploy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads rendered Kubernetes objects (YAML mappings) by path, where a missing step is simply absent. */
final class Manifest {

    private Manifest() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> ? (List<Object>) value : List.of();
    }

    /** The value at {@code path} below {@code object}, or empty when a step is missing. */
    static Optional<Object> at(Map<String, Object> object, String... path) {
        Object value = object;
        for (String step : path) {
            value = map(value).get(step);
            if (value == null) {
                return Optional.empty();
            }
        }
        return Optional.of(value);
    }

    static Map<String, Object> mapAt(Map<String, Object> object, String... path) {
        return map(at(object, path).orElse(null));
    }

    static String kind(Map<String, Object> object) {
        return String.valueOf(object.get("kind"));
    }

    static String name(Map<String, Object> object) {
        return String.valueOf(mapAt(object, "metadata").get("name"));
    }

    /** {@code Kind/name}, how a failure names an object. */
    static String describe(Map<String, Object> object) {
        return kind(object) + "/" + name(object);
    }

    /** Whether every label of {@code selector} is among {@code labels}; an empty selector selects nothing here. */
    static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        return !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }
}
