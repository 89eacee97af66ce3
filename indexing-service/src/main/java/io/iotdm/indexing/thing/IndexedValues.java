package io.iotdm.indexing.thing;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdm.indexing.index.ThingIndex;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * AWS's indexing rules for values (guide, "Managing thing indexing"; docs/aws-behaviour.md §2.2): simple values only
 * (string, number, boolean, objects of them, arrays of simple values); arrays that hold an object or an array are
 * skipped; nested keys are flattened with {@code .}; {@code null} is skipped; JSON numbers within ±2^53, or with a
 * fraction or exponent, are also indexed numerically (under {@link ThingIndex#numeric}).
 */
public final class IndexedValues {

    private static final BigInteger MAX_SAFE_INTEGER = BigInteger.valueOf(1L << 53);

    /** The JSON number grammar: what an attribute value must look like to be a number too. */
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private IndexedValues() {}

    /**
     * Adds every indexable leaf of {@code object} to {@code fields} as {@code prefix + path} (its value) and, for
     * numbers, {@code numeric.<prefix + path>} (its double value).
     */
    public static void flatten(JsonNode object, String prefix, Map<String, Object> fields) {
        if (object == null || !object.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            String key = member.getKey();
            if (!isFieldName(key)) {
                continue; // OpenSearch refuses empty path segments ("a..b", "", ".a"); AWS queries cannot name them
            }
            String field = prefix + key;
            JsonNode value = member.getValue();
            if (value.isObject()) {
                flatten(value, field + ".", fields);
            } else if (value.isArray()) {
                addArray(field, value, fields);
            } else if (!value.isNull()) {
                addScalar(field, value, fields);
            }
        }
    }

    /** An attribute: its string under {@code attributes.<name>}, and its number when the string reads as one. */
    public static void addAttribute(String name, String value, Map<String, Object> fields) {
        if (value == null || !isFieldName(name)) {
            return;
        }
        String field = ThingIndex.attribute(name);
        fields.put(field, value);
        numberOf(value).ifPresent(number -> fields.put(ThingIndex.numeric(field), number));
    }

    /** The number a string denotes, by JSON's grammar and the ±2^53 rule for integers. */
    public static OptionalDouble numberOf(String text) {
        if (text.isEmpty() || text.length() > 400 || !JSON_NUMBER.matcher(text).matches()) {
            return OptionalDouble.empty();
        }
        return numberOf(new BigDecimal(text), text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0);
    }

    /** Whether AWS would index a JSON value, and as which number. */
    static OptionalDouble numberOf(JsonNode number) {
        if (!number.isNumber()) {
            return OptionalDouble.empty();
        }
        return numberOf(number.decimalValue(), number.isIntegralNumber());
    }

    private static OptionalDouble numberOf(BigDecimal value, boolean integral) {
        if (integral && value.toBigInteger().abs().compareTo(MAX_SAFE_INTEGER) > 0) {
            return OptionalDouble.empty(); // beyond ±2^53 an integer is no longer exact as a double
        }
        double number = value.doubleValue();
        return Double.isFinite(number) ? OptionalDouble.of(number) : OptionalDouble.empty();
    }

    /** A key or attribute name that makes a field name OpenSearch accepts: no empty segment between dots. */
    static boolean isFieldName(String key) {
        if (key.isEmpty() || key.startsWith(".") || key.endsWith(".") || key.contains("..")) {
            return false;
        }
        return !key.isBlank();
    }

    private static void addScalar(String field, JsonNode value, Map<String, Object> fields) {
        fields.put(field, scalar(value));
        numberOf(value).ifPresent(number -> fields.put(ThingIndex.numeric(field), number));
    }

    private static void addArray(String field, JsonNode array, Map<String, Object> fields) {
        List<Object> values = new ArrayList<>(array.size());
        List<Double> numbers = new ArrayList<>();
        for (JsonNode element : array) {
            if (element.isContainerNode()) {
                return; // an array of objects (or of arrays) is not indexed at all
            }
            if (!element.isNull()) {
                values.add(scalar(element));
                numberOf(element).ifPresent(numbers::add);
            }
        }
        if (!values.isEmpty()) {
            fields.put(field, values);
        }
        if (!numbers.isEmpty()) {
            fields.put(ThingIndex.numeric(field), numbers);
        }
    }

    /** The value as OpenSearch should read it: numbers stay numbers (their keyword is their JSON text). */
    private static Object scalar(JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            return value.isIntegralNumber() ? value.bigIntegerValue() : value.decimalValue();
        }
        return value.asText();
    }
}
