package io.iotdm.aws.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads a botocore {@code service-2.json} into a {@link ServiceModel}. */
final class ModelReader {

    /**
     * The error shapes that answer a constraint violation, in order of preference: iot, iot-data and iot-jobs-data
     * use InvalidRequestException, the newer iot operations and signer ValidationException, signer's tagging
     * operations BadRequestException.
     */
    private static final List<String> VALIDATION_ERRORS =
            List.of("InvalidRequestException", "ValidationException", "BadRequestException");

    private ModelReader() {}

    /**
     * @param owners the owning iotdm service of each operation in scope, by operation name
     */
    static ServiceModel read(String name, JsonNode model, Map<String, String> owners) {
        Map<String, Shape> shapes = new HashMap<>();
        model.path("shapes")
                .properties()
                .forEach(entry -> shapes.put(entry.getKey(), shape(entry.getKey(), entry.getValue())));
        Map<String, Operation> operations = new HashMap<>();
        model.path("operations").properties().forEach(entry -> {
            Operation operation = operation(name, entry.getValue(), shapes, owners);
            operations.put(operation.name(), operation);
        });
        Set<String> unknown = owners.keySet().stream()
                .filter(operation -> !operations.containsKey(operation))
                .collect(Collectors.toSet());
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("api-scope.json names operations that " + name + " lacks: " + unknown);
        }
        return new ServiceModel(name, model.path("metadata").path("signingName").asText(), shapes, operations);
    }

    private static Shape shape(String name, JsonNode json) {
        Map<String, Member> members = new LinkedHashMap<>();
        json.path("members")
                .properties()
                .forEach(entry -> members.put(entry.getKey(), member(entry.getKey(), entry.getValue())));
        return new Shape(
                name,
                Shape.Type.of(json.path("type").asText()),
                members,
                Set.copyOf(texts(json.path("required"))),
                json.path("member").path("shape").textValue(),
                json.path("key").path("shape").textValue(),
                json.path("value").path("shape").textValue(),
                json.has("min") ? json.get("min").decimalValue() : null,
                json.has("max") ? json.get("max").decimalValue() : null,
                json.has("pattern") ? Pattern.compile(json.get("pattern").asText()) : null,
                texts(json.path("enum")),
                json.path("error").path("httpStatusCode").asInt(0),
                json.path("exception").asBoolean(false),
                json.path("payload").textValue());
    }

    private static Member member(String name, JsonNode json) {
        return new Member(
                name,
                json.path("shape").asText(),
                json.has("location") ? Member.Location.of(json.get("location").asText()) : Member.Location.BODY,
                json.path("locationName").textValue());
    }

    private static Operation operation(
            String service, JsonNode json, Map<String, Shape> shapes, Map<String, String> owners) {
        String name = json.path("name").asText();
        List<String> errors = new ArrayList<>();
        json.path("errors").forEach(error -> errors.add(error.path("shape").asText()));
        return new Operation(
                service,
                name,
                json.path("http").path("method").asText(),
                json.path("http").path("requestUri").asText(),
                json.path("input").path("shape").textValue(),
                errors,
                owners.getOrDefault(name, ""),
                AwsErrorCode.of(shapes.get(validationError(errors, shapes))));
    }

    /** The operation's own validation error, else the service's (a few operations declare none). */
    private static String validationError(List<String> errors, Map<String, Shape> shapes) {
        return VALIDATION_ERRORS.stream()
                .filter(errors::contains)
                .findFirst()
                .or(() -> VALIDATION_ERRORS.stream().filter(shapes::containsKey).findFirst())
                .orElseThrow(() -> new IllegalStateException("The model declares no validation error"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(text -> texts.add(text.asText()));
        return texts;
    }
}
