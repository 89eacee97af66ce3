package io.iotdm.e2e.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.Member;
import io.iotdm.aws.protocol.ServiceModel;
import io.iotdm.aws.protocol.Shape;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Values that satisfy a shape's constraints, so that a request breaks only the one constraint the fuzzer breaks on
 * purpose. Strings come from a few candidates tried against the shape's pattern and length.
 */
final class ValidValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Names, ARNs, queries and ids that the patterns of the deployed operations' shapes take. */
    private static final List<String> CANDIDATES = List.of(
            "fuzz1",
            "fuzz-1",
            "thingName:fuzz*",
            "arn:aws:iot:us-east-1:123456789012:thing/fuzz1",
            "arn:aws:iot:us-east-1:123456789012:thinggroup/fuzz1",
            "AWS_Things",
            "attributes.fw",
            "1",
            "a",
            "A",
            "fuzz/1");

    /** How deep optional structure members are filled in: the models' inputs nest up to 10 levels. */
    private static final int MAX_OPTIONAL_DEPTH = 3;

    private final ServiceModel model;
    private final Random random;

    ServiceModel model() {
        return model;
    }

    ValidValues(ServiceModel model, Random random) {
        this.model = model;
        this.random = random;
    }

    /** The required members of a structure, and some optional ones, each valid. */
    ObjectNode structure(Shape shape, int depth) {
        ObjectNode structure = NODES.objectNode();
        for (Member member : shape.members().values()) {
            boolean required = shape.required().contains(member.name());
            if (required || (depth < MAX_OPTIONAL_DEPTH && random.nextInt(3) == 0)) {
                structure.set(
                        depth == 0 ? member.name() : member.jsonName(), value(model.shape(member.shape()), depth + 1));
            }
        }
        return structure;
    }

    JsonNode value(Shape shape, int depth) {
        return switch (shape.type()) {
            case STRUCTURE -> structure(shape, depth);
            case LIST -> {
                ArrayNode list = NODES.arrayNode();
                int size = Math.max(1, shape.min() == null ? 1 : shape.min().intValue());
                for (int i = 0; i < Math.min(size, 3); i++) {
                    list.add(value(model.shape(shape.memberShape()), depth + 1));
                }
                yield list;
            }
            case MAP -> {
                ObjectNode map = NODES.objectNode();
                map.set(string(model.shape(shape.keyShape())), value(model.shape(shape.valueShape()), depth + 1));
                yield map;
            }
            case STRING -> NODES.textNode(string(shape));
            case INTEGER, LONG -> NODES.numberNode(number(shape).longValue());
            case FLOAT, DOUBLE -> NODES.numberNode(number(shape).doubleValue());
            case BOOLEAN -> NODES.booleanNode(false);
            case TIMESTAMP -> NODES.numberNode(System.currentTimeMillis() / 1000);
            case BLOB ->
                NODES.textNode(Base64.getEncoder()
                        .encodeToString("{\"state\":{\"desired\":{\"fuzz\":1}}}".getBytes(StandardCharsets.UTF_8)));
        };
    }

    String string(Shape shape) {
        if (!shape.enumValues().isEmpty()) {
            return shape.enumValues().get(0);
        }
        for (String candidate : CANDIDATES) {
            String padded = padded(shape, candidate);
            if ((shape.pattern() == null || shape.pattern().matcher(padded).matches())
                    && (shape.max() == null || shape.max().intValue() >= padded.length())) {
                return padded;
            }
        }
        return padded(shape, "fuzz1");
    }

    /** A number within the shape's bounds: its minimum, else 1. */
    static BigDecimal number(Shape shape) {
        BigDecimal value = shape.min() == null ? BigDecimal.ONE : shape.min();
        return shape.max() != null && value.compareTo(shape.max()) > 0 ? shape.max() : value;
    }

    private static String padded(Shape shape, String text) {
        int min = shape.min() == null ? 0 : shape.min().intValue();
        return text.length() >= min ? text : text + "a".repeat(min - text.length());
    }
}
