package io.iotdm.aws.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** One constraint of a shape, with the text AWS writes when a value breaks it. */
record Constraint(String text, Predicate<JsonNode> holds) {

    /**
     * The constraints of a shape in the order AWS lists them in "Member must satisfy constraint: [...]": length or
     * value bounds (upper first), pattern, enum. A pattern must match the whole value, as AWS applies it: ThingName's
     * {@code [a-zA-Z0-9:_-]+} rejects {@code 'a b'}.
     */
    static List<Constraint> of(Shape shape) {
        List<Constraint> constraints = new ArrayList<>();
        String measure = shape.type().measuredByLength() ? "length" : "value";
        if (shape.max() != null) {
            constraints.add(new Constraint(
                    "Member must have " + measure + " less than or equal to " + bound(shape, shape.max()),
                    value -> size(shape, value).compareTo(shape.max()) <= 0));
        }
        if (shape.min() != null) {
            constraints.add(new Constraint(
                    "Member must have " + measure + " greater than or equal to " + bound(shape, shape.min()),
                    value -> size(shape, value).compareTo(shape.min()) >= 0));
        }
        if (shape.pattern() != null) {
            constraints.add(new Constraint(
                    "Member must satisfy regular expression pattern: "
                            + shape.pattern().pattern(),
                    value -> shape.pattern().matcher(value.asText()).matches()));
        }
        if (!shape.enumValues().isEmpty()) {
            constraints.add(new Constraint(
                    "Member must satisfy enum value set: " + shape.enumValues(),
                    value -> shape.enumValues().contains(value.asText())));
        }
        return List.copyOf(constraints);
    }

    /** AWS writes the bounds of floating-point members as Java doubles: 100.0, 1.1. */
    private static String bound(Shape shape, BigDecimal bound) {
        boolean floating = shape.type() == Shape.Type.DOUBLE || shape.type() == Shape.Type.FLOAT;
        return floating ? Double.toString(bound.doubleValue()) : bound.toPlainString();
    }

    /** Length in Unicode code points (as Smithy defines it), bytes, elements or entries; else the value. */
    private static BigDecimal size(Shape shape, JsonNode value) {
        return switch (shape.type()) {
            case STRING ->
                BigDecimal.valueOf(
                        value.asText().codePointCount(0, value.asText().length()));
            case BLOB -> BigDecimal.valueOf(bytes(value).length);
            case LIST, MAP -> BigDecimal.valueOf(value.size());
            default -> value.decimalValue();
        };
    }

    private static byte[] bytes(JsonNode blob) {
        try {
            return blob.binaryValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
