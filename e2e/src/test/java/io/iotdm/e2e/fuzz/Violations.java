package io.iotdm.e2e.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.Member;
import io.iotdm.aws.protocol.Shape;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Values that break one constraint of a member's shape, each named for the report. */
final class Violations {

    /** A JSON body number that Jackson cannot write itself (1e400 would be written as a string or Infinity). */
    static final String RAW_NUMBER = "\u0001raw:";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final List<String> PATTERN_BREAKERS = List.of("a b", "!!", "ü", "a/b/c", "<x>", "*", "a\tb");

    /** Lengths beyond this are left to the oversized-body case: a request is at most 128 KiB. */
    private static final int MAX_LENGTH_TO_EXCEED = 70_000;

    private final ValidValues valid;
    private final Random random;

    Violations(ValidValues valid, Random random) {
        this.valid = valid;
        this.random = random;
    }

    /** Where a violation goes: a member of a structure, an element of a list or a value of a map. */
    record Slot(JsonNode parent, String key, int index, Shape shape, boolean required, Member.Location location) {

        void set(JsonNode value) {
            if (parent instanceof ArrayNode list) {
                list.set(index, value);
            } else {
                ((ObjectNode) parent).set(key, value);
            }
        }

        void remove() {
            if (parent instanceof ArrayNode list) {
                list.remove(index);
            } else {
                ((ObjectNode) parent).remove(key);
            }
        }

        String name() {
            return parent instanceof ArrayNode ? key + "[" + index + "]" : key;
        }
    }

    /**
     * Breaks one constraint at the slot.
     *
     * @return the name of what was broken, or empty when the slot's shape has nothing to break there
     */
    Optional<String> breakOne(Slot slot) {
        List<String> kinds = applicable(slot);
        if (kinds.isEmpty()) {
            return Optional.empty();
        }
        String kind = kinds.get(random.nextInt(kinds.size()));
        Shape shape = slot.shape();
        boolean body = slot.location() == Member.Location.BODY;
        switch (kind) {
            case "MISSING_REQUIRED" -> slot.remove();
            case "TOO_LONG" -> slot.set(longer(shape));
            case "TOO_SHORT" -> slot.set(shorter(shape));
            case "PATTERN" ->
                slot.set(NODES.textNode(PATTERN_BREAKERS.stream()
                        .filter(text -> !shape.pattern().matcher(text).matches())
                        .findFirst()
                        .orElseThrow()));
            case "OUT_OF_RANGE" -> slot.set(outOfRange(shape));
            case "NOT_IN_ENUM" -> slot.set(NODES.textNode("NOT_AN_ENUM_VALUE"));
            case "WRONG_TYPE" -> slot.set(wrongType(shape, body));
            case "NON_ASCII_DIGITS" ->
                slot.set(NODES.textNode(
                        fullwidth(ValidValues.number(shape).toBigInteger().toString())));
            case "NON_FINITE" -> slot.set(number(body, random.nextBoolean() ? "1e400" : "-1e400"));
            case "HUGE_TIMESTAMP" -> slot.set(number(body, "1000000000000000000"));
            case "NUL" -> slot.set(NODES.textNode(valid.string(shape) + "\u0000"));
            default -> throw new IllegalStateException(kind);
        }
        return Optional.of(kind + " " + slot.name());
    }

    private List<String> applicable(Slot slot) {
        Shape shape = slot.shape();
        Shape.Type type = shape.type();
        boolean body = slot.location() == Member.Location.BODY;
        boolean numeric = type == Shape.Type.INTEGER
                || type == Shape.Type.LONG
                || type == Shape.Type.FLOAT
                || type == Shape.Type.DOUBLE;
        boolean byLength = type == Shape.Type.STRING
                || type == Shape.Type.LIST
                || type == Shape.Type.MAP
                || type == Shape.Type.BLOB;
        List<String> kinds = new ArrayList<>();
        if (slot.required()) {
            kinds.add("MISSING_REQUIRED");
        }
        if (byLength && shape.max() != null && shape.max().intValue() < MAX_LENGTH_TO_EXCEED) {
            kinds.add("TOO_LONG");
        }
        if (byLength && shape.min() != null && shape.min().signum() > 0) {
            kinds.add("TOO_SHORT");
        }
        if (type == Shape.Type.STRING
                && shape.pattern() != null
                && PATTERN_BREAKERS.stream()
                        .anyMatch(text -> !shape.pattern().matcher(text).matches())) {
            kinds.add("PATTERN");
        }
        if (numeric && (shape.min() != null || shape.max() != null)) {
            kinds.add("OUT_OF_RANGE");
        }
        if (!shape.enumValues().isEmpty()) {
            kinds.add("NOT_IN_ENUM");
        }
        if (body || type != Shape.Type.STRING) {
            kinds.add("WRONG_TYPE");
        }
        if (!body && (numeric || type == Shape.Type.TIMESTAMP)) {
            kinds.add("NON_ASCII_DIGITS");
        }
        if (numeric || type == Shape.Type.TIMESTAMP) {
            kinds.add("NON_FINITE");
        }
        if (type == Shape.Type.TIMESTAMP) {
            kinds.add("HUGE_TIMESTAMP");
        }
        if (type == Shape.Type.STRING && slot.location() != Member.Location.HEADER) {
            kinds.add("NUL");
        }
        return kinds;
    }

    private JsonNode longer(Shape shape) {
        int length = shape.max().intValue() + 1;
        return switch (shape.type()) {
            case STRING -> NODES.textNode("a".repeat(length));
            case BLOB -> NODES.textNode(Base64.getEncoder().encodeToString(new byte[length]));
            case LIST -> {
                ArrayNode list = NODES.arrayNode();
                JsonNode element = valid.value(valid.model().shape(shape.memberShape()), 2);
                for (int i = 0; i < length; i++) {
                    list.add(element.deepCopy());
                }
                yield list;
            }
            default -> {
                ObjectNode map = NODES.objectNode();
                JsonNode value = valid.value(valid.model().shape(shape.valueShape()), 2);
                for (int i = 0; i < length; i++) {
                    map.set("k" + i, value.deepCopy());
                }
                yield map;
            }
        };
    }

    private static JsonNode shorter(Shape shape) {
        return switch (shape.type()) {
            case STRING -> NODES.textNode("a".repeat(shape.min().intValue() - 1));
            case BLOB -> NODES.textNode("");
            case LIST -> NODES.arrayNode();
            default -> NODES.objectNode();
        };
    }

    private JsonNode outOfRange(Shape shape) {
        boolean above = shape.max() != null && (shape.min() == null || random.nextBoolean());
        BigDecimal value = above ? shape.max().add(BigDecimal.ONE) : shape.min().subtract(BigDecimal.ONE);
        return shape.type() == Shape.Type.INTEGER || shape.type() == Shape.Type.LONG
                ? NODES.numberNode(value.toBigInteger())
                : NODES.numberNode(value);
    }

    private static JsonNode wrongType(Shape shape, boolean body) {
        if (!body) {
            return NODES.textNode("abc");
        }
        return switch (shape.type()) {
            case STRING -> NODES.numberNode(5);
            case STRUCTURE, MAP -> NODES.arrayNode().add(1);
            case LIST -> NODES.objectNode().put("a", 1);
            case BOOLEAN -> NODES.textNode("yes");
            case BLOB -> NODES.textNode("not base64!");
            default -> NODES.textNode("abc");
        };
    }

    private static JsonNode number(boolean body, String text) {
        return NODES.textNode(body ? RAW_NUMBER + text : text);
    }

    private static String fullwidth(String digits) {
        StringBuilder text = new StringBuilder();
        digits.chars().forEach(c -> text.append(Character.isDigit(c) ? (char) ('\uFF10' + (c - '0')) : (char) c));
        return text.toString();
    }
}
