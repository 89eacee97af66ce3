package io.iotdm.aws.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/** Reads the strings of URI labels, query parameters and headers as the JSON values of their members' shapes. */
final class LocationValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private LocationValues() {}

    /**
     * @param raw the value as the caller placed it: a string, for a list a string or an array of strings; a value the
     *     caller already typed is kept as it is (the type check that follows still applies)
     * @throws AwsServiceException SerializationException when a string is not of the shape's type
     */
    static JsonNode read(JsonNode raw, Shape shape, ServiceModel model) {
        if (shape.type() == Shape.Type.LIST) {
            Shape element = model.shape(shape.memberShape());
            ArrayNode list = NODES.arrayNode();
            Iterable<JsonNode> items = raw.isArray() ? raw : List.of(raw);
            items.forEach(item -> list.add(read(item, element, model)));
            return list;
        }
        if (!raw.isTextual()) {
            return raw;
        }
        String text = raw.textValue();
        if (shape.type() != Shape.Type.STRING && shape.type() != Shape.Type.BLOB && !ascii(text)) {
            // Java's number parsers take any Unicode digit ('１', '٣'); AWS's wire formats have ASCII digits only
            throw ProtocolErrors.typeMismatch(raw, shape.type());
        }
        try {
            return switch (shape.type()) {
                case INTEGER -> NODES.numberNode(Integer.parseInt(text));
                case LONG -> NODES.numberNode(Long.parseLong(text));
                // DecimalNode as is: the node factory would strip trailing zeros (1.54446633E+9).
                case FLOAT, DOUBLE -> DecimalNode.valueOf(new BigDecimal(text));
                case BOOLEAN -> NODES.booleanNode(bool(text));
                case TIMESTAMP -> DecimalNode.valueOf(Timestamps.epochSeconds(Timestamps.parse(text)));
                default -> raw;
            };
        } catch (IllegalArgumentException notOfTheType) {
            throw ProtocolErrors.typeMismatch(raw, shape.type());
        }
    }

    private static boolean ascii(String text) {
        return text.chars().allMatch(c -> c < 0x80);
    }

    private static boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("Not a boolean: " + text);
        };
    }
}
