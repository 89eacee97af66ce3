package io.iotdm.aws.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Checks an operation's input against its service model and answers as AWS does: a value of the wrong type is a
 * SerializationException; broken constraints are collected into one error, the operation's InvalidRequestException
 * (or ValidationException), with AWS's text:
 *
 * <pre>2 validation errors detected: Value 'a b' at 'thingName' failed to satisfy constraint: Member must satisfy
 * regular expression pattern: [a-zA-Z0-9:_-]+; Value null at 'tags.1.member.key' failed to satisfy constraint: Member
 * must not be null</pre>
 *
 * Paths name members with a lower-case first letter, a list element as {@code list.1.member} (1-based). A collection
 * reports broken scalar elements once, listing every constraint of the element shape: "Member must satisfy
 * constraint: [...]" for lists, "Map keys must satisfy constraint: [...]" and "Map value must satisfy constraint:
 * [...]" for maps (AWS's texts, as quoted in issues against Lambda, DynamoDB, CodePipeline and Cognito).
 */
public final class InputValidator {

    /**
     * No model forbids U+0000, but PostgreSQL's text cannot hold it and no name, attribute or description needs it:
     * refused for every string, in AWS's words for a broken constraint.
     */
    private static final String NO_NUL = "Member must not contain the character U+0000";

    private final ServiceModel model;
    private final Map<String, List<Constraint>> constraints = new ConcurrentHashMap<>();

    public InputValidator(ServiceModel model) {
        this.model = model;
    }

    /**
     * @param input the members by name: URI, query and header members as the strings they arrived as (a list from
     *     the query string as a string or an array of strings), body members as parsed; it is not modified
     * @return a copy of the input with the URI, query and header members converted to their types
     * @throws AwsServiceException SerializationException for a value of the wrong type, else the operation's
     *     validation error when constraints are broken
     */
    public ObjectNode validate(Operation operation, ObjectNode input) {
        if (!operation.service().equals(model.name())) {
            throw new IllegalArgumentException(
                    operation.name() + " belongs to " + operation.service() + ", not " + model.name());
        }
        ObjectNode typed = input.deepCopy();
        if (operation.input() == null) {
            return typed;
        }
        Shape shape = model.shape(operation.input());
        shape.members().values().stream()
                .filter(member -> member.location() != Member.Location.BODY && typed.hasNonNull(member.name()))
                .forEach(member -> typed.set(
                        member.name(),
                        LocationValues.read(typed.get(member.name()), model.shape(member.shape()), model)));
        List<String> violations = new ArrayList<>();
        checkStructure(shape, typed, null, violations);
        if (!violations.isEmpty()) {
            String count = violations.size() == 1 ? "1 validation error" : violations.size() + " validation errors";
            throw new AwsServiceException(
                    operation.validationError(), count + " detected: " + String.join("; ", violations));
        }
        return typed;
    }

    private void checkStructure(Shape shape, JsonNode structure, String path, List<String> violations) {
        for (Member member : shape.members().values()) {
            JsonNode value =
                    structure.get(member.location() == Member.Location.BODY ? member.jsonName() : member.name());
            String memberPath = (path == null ? "" : path + ".") + uncapitalize(member.name());
            if (value == null || value.isNull()) {
                if (shape.required().contains(member.name())) {
                    violations.add(violation(null, memberPath, "Member must not be null"));
                }
            } else {
                check(model.shape(member.shape()), value, memberPath, violations);
            }
        }
    }

    private void check(Shape shape, JsonNode value, String path, List<String> violations) {
        requireType(shape, value);
        constraintsOf(shape).stream()
                .filter(constraint -> !constraint.holds().test(value))
                .forEach(constraint -> violations.add(violation(render(value, shape), path, constraint.text())));
        if (hasNul(List.of(value))) {
            violations.add(violation(render(value, shape), path, NO_NUL));
        }
        switch (shape.type()) {
            case STRUCTURE -> checkStructure(shape, value, path, violations);
            case LIST -> {
                Shape element = model.shape(shape.memberShape());
                List<JsonNode> elements =
                        StreamSupport.stream(value.spliterator(), false).toList();
                if (element.isScalar()) {
                    brokenScalars(element, elements)
                            .ifPresent(all -> violations.add(
                                    violation(render(value, shape), path, "Member must satisfy constraint: " + all)));
                    if (hasNul(elements)) {
                        violations.add(violation(render(value, shape), path, NO_NUL));
                    }
                } else {
                    for (int i = 0; i < elements.size(); i++) {
                        if (!elements.get(i).isNull()) {
                            check(element, elements.get(i), path + "." + (i + 1) + ".member", violations);
                        }
                    }
                }
            }
            case MAP -> {
                List<JsonNode> keys = value.propertyStream()
                        .map(entry -> (JsonNode) TextNode.valueOf(entry.getKey()))
                        .toList();
                brokenScalars(model.shape(shape.keyShape()), keys)
                        .ifPresent(all -> violations.add(
                                violation(render(value, shape), path, "Map keys must satisfy constraint: " + all)));
                Shape mapValue = model.shape(shape.valueShape());
                List<JsonNode> values =
                        value.propertyStream().map(Map.Entry::getValue).toList();
                if (hasNul(keys) || (mapValue.isScalar() && hasNul(values))) {
                    violations.add(violation(render(value, shape), path, NO_NUL));
                }
                if (mapValue.isScalar()) {
                    brokenScalars(mapValue, values)
                            .ifPresent(all -> violations.add(violation(
                                    render(value, shape), path, "Map value must satisfy constraint: " + all)));
                } else {
                    value.properties().stream()
                            .filter(entry -> !entry.getValue().isNull())
                            .forEach(entry ->
                                    check(mapValue, entry.getValue(), path + "." + entry.getKey(), violations));
                }
            }
            default -> {}
        }
    }

    /**
     * A collection reports its broken scalar elements once, listing every constraint of the element shape.
     *
     * @return all constraints of the element shape as AWS lists them, when an element breaks one
     */
    private Optional<String> brokenScalars(Shape element, List<JsonNode> elements) {
        List<Constraint> elementConstraints = constraintsOf(element);
        boolean broken = false;
        for (JsonNode value : elements) {
            if (!value.isNull()) {
                requireType(element, value);
                broken |= elementConstraints.stream()
                        .anyMatch(constraint -> !constraint.holds().test(value));
            }
        }
        return broken
                ? Optional.of(
                        elementConstraints.stream().map(Constraint::text).collect(Collectors.joining(", ", "[", "]")))
                : Optional.empty();
    }

    private static boolean hasNul(List<JsonNode> values) {
        return values.stream()
                .anyMatch(value -> value.isTextual() && value.textValue().indexOf('\0') >= 0);
    }

    private List<Constraint> constraintsOf(Shape shape) {
        return constraints.computeIfAbsent(shape.name(), name -> Constraint.of(shape));
    }

    private static void requireType(Shape shape, JsonNode value) {
        boolean ofType =
                switch (shape.type()) {
                    case STRUCTURE, MAP -> value.isObject();
                    case LIST -> value.isArray();
                    case STRING -> value.isTextual();
                    case BOOLEAN -> value.isBoolean();
                    case INTEGER -> value.isIntegralNumber() && value.canConvertToInt();
                    case LONG -> value.isIntegralNumber() && value.canConvertToLong();
                    // 1e400 reads as infinity, which no member takes; times beyond year 9999 are mistakes
                    case FLOAT -> value.isNumber() && Float.isFinite(value.floatValue());
                    case DOUBLE -> value.isNumber() && Double.isFinite(value.doubleValue());
                    case TIMESTAMP ->
                        value.isNumber()
                                && Double.isFinite(value.doubleValue())
                                && Timestamps.inRange(value.decimalValue());
                    case BLOB -> value.isBinary() || (value.isTextual() && isBase64(value));
                };
        if (!ofType) {
            throw ProtocolErrors.typeMismatch(value, shape.type());
        }
    }

    private static boolean isBase64(JsonNode text) {
        try {
            text.binaryValue();
            return true;
        } catch (IOException notBase64) {
            return false;
        }
    }

    private static String violation(String renderedValue, String path, String constraint) {
        String value = renderedValue == null ? "null" : "'" + renderedValue + "'";
        return "Value " + value + " at '" + path + "' failed to satisfy constraint: " + constraint;
    }

    /** A value as AWS's Java service renders it: lists as [a, b], maps and structures as {k=v}, doubles as 5.0. */
    private String render(JsonNode value, Shape shape) {
        if (value.isNull()) {
            return "null";
        }
        return switch (shape.type()) {
            case LIST -> {
                Shape element = model.shape(shape.memberShape());
                yield StreamSupport.stream(value.spliterator(), false)
                        .map(item -> render(item, element))
                        .collect(Collectors.joining(", ", "[", "]"));
            }
            case MAP -> {
                Shape mapValue = model.shape(shape.valueShape());
                yield value.propertyStream()
                        .map(entry -> entry.getKey() + "=" + render(entry.getValue(), mapValue))
                        .collect(Collectors.joining(", ", "{", "}"));
            }
            case STRUCTURE ->
                shape.members().values().stream()
                        .filter(member -> value.has(member.jsonName()))
                        .map(member -> member.jsonName() + "="
                                + render(value.get(member.jsonName()), model.shape(member.shape())))
                        .collect(Collectors.joining(", ", "{", "}"));
            case FLOAT, DOUBLE -> Double.toString(value.doubleValue());
            default -> value.asText();
        };
    }

    private static String uncapitalize(String name) {
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
