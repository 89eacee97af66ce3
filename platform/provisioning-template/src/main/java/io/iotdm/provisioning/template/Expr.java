package io.iotdm.provisioning.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A value of a template as {@link ExprCompiler} checked it: JSON literals, objects and lists whose members may be
 * intrinsic functions (docs/aws-behaviour.md §6.5). Evaluating gives JSON: a string, a list or an object.
 */
sealed interface Expr {

    JsonNode evaluate(Scope scope);

    JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** A string, number or boolean as written. */
    record Literal(JsonNode value) implements Expr {
        @Override
        public JsonNode evaluate(Scope scope) {
            return value;
        }
    }

    record ListOf(List<Expr> items) implements Expr {
        @Override
        public JsonNode evaluate(Scope scope) {
            ArrayNode list = JSON.arrayNode(items.size());
            items.forEach(item -> list.add(item.evaluate(scope)));
            return list;
        }
    }

    /** An object whose keys are literal and whose values may be functions (AttributePayload, a policy document). */
    record ObjectOf(Map<String, Expr> members) implements Expr {
        @Override
        public JsonNode evaluate(Scope scope) {
            ObjectNode object = JSON.objectNode();
            members.forEach((key, value) -> object.set(key, value.evaluate(scope)));
            return object;
        }
    }

    /** {@code {"Ref": "P"}}: the value of a parameter. */
    record Ref(String parameter) implements Expr {
        @Override
        public JsonNode evaluate(Scope scope) {
            return TextNode.valueOf(scope.parameter(parameter));
        }
    }

    /** {@code {"Fn::Join": [delimiter, list]}}. */
    record Join(String delimiter, Expr items) implements Expr {
        @Override
        public JsonNode evaluate(Scope scope) {
            return TextNode.valueOf(String.join(delimiter, scope.list(items, "Fn::Join's list")));
        }
    }

    /**
     * {@code {"Fn::Select": [index, list]}}. AWS checks neither null nor the bounds: an index outside the list is a
     * provisioning failure.
     */
    record Select(Expr index, Expr items) implements Expr {
        @Override
        public JsonNode evaluate(Scope scope) {
            String text = scope.text(index, "Fn::Select's index");
            List<String> list = scope.list(items, "Fn::Select's list");
            int position;
            try {
                position = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw scope.fail("Fn::Select's index " + text + " is not a whole number");
            }
            if (position < 0 || position >= list.size()) {
                throw scope.fail(
                        "Fn::Select's index " + position + " is outside the list of " + list.size() + " items");
            }
            return TextNode.valueOf(list.get(position));
        }
    }

    /** {@code {"Fn::Split": [delimiter, string]}}: every piece, the empty ones too. */
    record Split(String delimiter, Expr source) implements Expr {
        @Override
        public JsonNode evaluate(Scope scope) {
            String text = scope.text(source, "Fn::Split's string");
            ArrayNode pieces = JSON.arrayNode();
            int from = 0;
            for (int at = text.indexOf(delimiter); at >= 0; at = text.indexOf(delimiter, from)) {
                pieces.add(text.substring(from, at));
                from = at + delimiter.length();
            }
            pieces.add(text.substring(from));
            return pieces;
        }
    }

    /** {@code {"Fn::FindInMap": [map, topKey, secondKey]}}. */
    record FindInMap(Expr map, Expr topKey, Expr secondKey) implements Expr {
        @Override
        public JsonNode evaluate(Scope scope) {
            return scope.lookup(
                    scope.text(map, "Fn::FindInMap's map name"),
                    scope.text(topKey, "Fn::FindInMap's top-level key"),
                    scope.text(secondKey, "Fn::FindInMap's second-level key"));
        }
    }

    /**
     * {@code {"Fn::Sub": "text ${Name}"}} or {@code {"Fn::Sub": ["text ${Var}", {"Var": value}]}}; the parts are
     * literal text and names, {@code ${!Text}} having become the literal {@code ${Text}}.
     */
    record Sub(List<SubPart> parts, Map<String, Expr> variables) implements Expr {
        @Override
        public JsonNode evaluate(Scope scope) {
            Map<String, JsonNode> values = new LinkedHashMap<>();
            variables.forEach((name, value) -> values.put(name, value.evaluate(scope)));
            Scope inner = scope.withLocals(values);
            StringBuilder text = new StringBuilder();
            for (SubPart part : parts) {
                text.append(part.variable() ? inner.parameter(part.text()) : part.text());
            }
            return TextNode.valueOf(text.toString());
        }
    }

    /** A piece of an {@code Fn::Sub} string: literal text, or the name of a parameter or variable. */
    record SubPart(String text, boolean variable) {}
}
