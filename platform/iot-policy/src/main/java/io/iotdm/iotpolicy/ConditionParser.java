package io.iotdm.iotpolicy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Parses a statement's {@code Condition} block: {@code {"Operator": {"key": value | [values]}, ...}}. */
final class ConditionParser {

    private ConditionParser() {}

    static List<Condition> conditions(JsonNode block, String label, boolean variables) {
        if (block == null) {
            return List.of();
        }
        if (!block.isObject()) {
            throw new MalformedPolicyException(label + ": Condition must be an object of operators");
        }
        List<Condition> conditions = new ArrayList<>();
        for (Map.Entry<String, JsonNode> operatorEntry : block.properties()) {
            String operatorName = operatorEntry.getKey();
            Condition.Parsed parsed = Condition.parseOperator(operatorName);
            if (parsed == null) {
                throw new MalformedPolicyException(label + ": '" + operatorName + "' is not a condition operator");
            }
            JsonNode keys = operatorEntry.getValue();
            if (!keys.isObject() || keys.isEmpty()) {
                throw new MalformedPolicyException(
                        label + ": " + operatorName + " must be an object of condition keys and values");
            }
            for (Map.Entry<String, JsonNode> keyEntry : keys.properties()) {
                conditions.add(
                        condition(parsed, operatorName, keyEntry.getKey(), keyEntry.getValue(), label, variables));
            }
        }
        return conditions;
    }

    private static Condition condition(
            Condition.Parsed parsed, String operatorName, String key, JsonNode node, String label, boolean variables) {
        String where = label + ": " + operatorName + " " + key;
        if (key.indexOf(':') <= 0) {
            throw new MalformedPolicyException(where + ": a condition key is prefix:name, e.g. iot:ClientId");
        }
        List<String> texts = scalars(node);
        if (texts == null) {
            throw new MalformedPolicyException(
                    where + ": the value must be a string, number or boolean, or a " + "non-empty array of them");
        }
        List<ConditionValue> values = new ArrayList<>();
        for (String text : texts) {
            if (parsed.operator() == ConditionOperator.NULL) {
                String lower = text.toLowerCase(Locale.ROOT);
                if (!lower.equals("true") && !lower.equals("false")) {
                    throw new MalformedPolicyException(where + ": Null takes \"true\" or \"false\"");
                }
            }
            try {
                values.add(ConditionValue.compile(parsed.operator(), text, variables));
            } catch (IllegalArgumentException e) {
                throw new MalformedPolicyException(where + ": " + e.getMessage());
            }
        }
        return new Condition(
                parsed.operator(),
                parsed.qualifier(),
                parsed.ifExists(),
                PolicyKeys.canonical(key),
                values.toArray(ConditionValue[]::new));
    }

    /** A scalar or a non-empty array of scalars as texts, or null when the node is neither. */
    private static List<String> scalars(JsonNode node) {
        if (node.isValueNode() && !node.isNull()) {
            return List.of(node.asText());
        }
        if (!node.isArray() || node.isEmpty()) {
            return null;
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isValueNode() || item.isNull()) {
                return null;
            }
            texts.add(item.asText());
        }
        return texts;
    }
}
