package io.iotdm.provisioning.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an expression is evaluated against: the parameter values, the template's mappings, and the part of the template
 * being evaluated, which every failure names.
 */
final class Scope {

    private final Map<String, String> values;
    private final Map<String, JsonNode> locals;
    private final Mappings mappings;
    private final String where;

    Scope(Map<String, String> values, Mappings mappings, String where) {
        this(values, Map.of(), mappings, where);
    }

    private Scope(Map<String, String> values, Map<String, JsonNode> locals, Mappings mappings, String where) {
        this.values = values;
        this.locals = locals;
        this.mappings = mappings;
        this.where = where;
    }

    /** The same values, for a part of the template inside this one (a property of a resource). */
    Scope at(String part) {
        return new Scope(values, locals, mappings, where + ": " + part);
    }

    /** The same values and the variables of an {@code Fn::Sub}, which hide parameters of the same name. */
    Scope withLocals(Map<String, JsonNode> subVariables) {
        return new Scope(values, subVariables, mappings, where);
    }

    String parameter(String name) {
        JsonNode local = locals.get(name);
        if (local != null) {
            return scalar(local, "Fn::Sub variable " + name);
        }
        String value = values.get(name);
        if (value == null) {
            throw fail("Ref to parameter " + name + ", which has no value and no default");
        }
        return value;
    }

    JsonNode lookup(String map, String topKey, String secondKey) {
        return mappings.lookup(map, topKey, secondKey, this);
    }

    /** The value as text: a string, number or boolean. */
    String text(Expr expression, String what) {
        return scalar(expression.evaluate(this), what);
    }

    /** The value as a list of texts. */
    List<String> list(Expr expression, String what) {
        JsonNode value = expression.evaluate(this);
        if (!value.isArray()) {
            throw fail(what + " must be a list, not " + describe(value));
        }
        List<String> items = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            items.add(scalar(value.get(i), what + " item " + i));
        }
        return List.copyOf(items);
    }

    private String scalar(JsonNode value, String what) {
        if (!value.isValueNode() || value.isNull()) {
            throw fail(what + " must be a string, not " + describe(value));
        }
        return value.asText();
    }

    TemplateException fail(String cause) {
        return TemplateException.registrationFailure(where + ": " + cause);
    }

    static String describe(JsonNode value) {
        if (value.isArray()) {
            return "a list";
        }
        if (value.isObject()) {
            return "an object";
        }
        return value.isNull() ? "null" : "the value " + value;
    }
}
