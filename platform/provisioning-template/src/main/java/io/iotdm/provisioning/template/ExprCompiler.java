package io.iotdm.provisioning.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a value of a template into an {@link Expr}, checking what can be checked before any parameter has a value:
 * the form of each intrinsic function, that every name it refers to is declared (or injected by AWS), and that a map
 * named literally exists. Failures are InvalidRequestException and name the place ({@code where}).
 */
final class ExprCompiler {

    static final List<String> FUNCTIONS =
            List.of("Ref", "Fn::Join", "Fn::Select", "Fn::Split", "Fn::FindInMap", "Fn::Sub");

    private final Set<String> names;
    private final Mappings mappings;

    /** {@code names}: the declared parameters and those AWS injects for this use of the template. */
    ExprCompiler(Set<String> names, Mappings mappings) {
        this.names = names;
        this.mappings = mappings;
    }

    Expr compile(JsonNode node, String where) {
        if (node.isArray()) {
            List<Expr> items = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                items.add(compile(node.get(i), where));
            }
            return new Expr.ListOf(List.copyOf(items));
        }
        if (node.isObject()) {
            String function = functionName(node, where);
            return function != null ? function(function, node.get(function), where) : object(node, where);
        }
        if (node.isNull()) {
            throw invalid(where, "null is not a value");
        }
        return new Expr.Literal(node);
    }

    /** An object whose keys are literal: its values may be functions, it may not be one itself. */
    Expr.ObjectOf object(JsonNode node, String where) {
        Map<String, Expr> members = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            members.put(field.getKey(), compile(field.getValue(), where + "." + field.getKey()));
        }
        return new Expr.ObjectOf(members);
    }

    /** The function an object calls, or null for a plain object. */
    private static String functionName(JsonNode node, String where) {
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (key.equals("Ref") || key.startsWith("Fn::")) {
                if (node.size() != 1) {
                    throw invalid(where, key + " must be the only key of its object");
                }
                if (!FUNCTIONS.contains(key)) {
                    throw invalid(
                            where,
                            key + " is not supported in provisioning templates (supported: "
                                    + String.join(", ", FUNCTIONS) + ")");
                }
                return key;
            }
        }
        return null;
    }

    private Expr function(String function, JsonNode argument, String where) {
        String at = where + ": " + function;
        return switch (function) {
            case "Ref" -> new Expr.Ref(name(argument, at));
            case "Fn::Join" -> {
                List<JsonNode> args = arguments(argument, 2, at, "[delimiter, list]");
                yield new Expr.Join(string(args.get(0), at, "delimiter"), compile(args.get(1), at));
            }
            case "Fn::Select" -> {
                List<JsonNode> args = arguments(argument, 2, at, "[index, list]");
                yield new Expr.Select(compile(args.get(0), at), compile(args.get(1), at));
            }
            case "Fn::Split" -> {
                List<JsonNode> args = arguments(argument, 2, at, "[delimiter, string]");
                String delimiter = string(args.get(0), at, "delimiter");
                if (delimiter.isEmpty()) {
                    throw invalid(at, "the delimiter must not be empty");
                }
                yield new Expr.Split(delimiter, compile(args.get(1), at));
            }
            case "Fn::FindInMap" -> findInMap(arguments(argument, 3, at, "[map, topKey, secondKey]"), at);
            default -> sub(argument, at);
        };
    }

    private Expr findInMap(List<JsonNode> args, String at) {
        if (args.get(0).isTextual() && !mappings.declares(args.get(0).asText())) {
            throw invalid(at, "Mappings has no map " + args.get(0).asText());
        }
        return new Expr.FindInMap(compile(args.get(0), at), compile(args.get(1), at), compile(args.get(2), at));
    }

    private Expr sub(JsonNode argument, String at) {
        JsonNode text = argument;
        Map<String, Expr> variables = new LinkedHashMap<>();
        if (argument.isArray()) {
            List<JsonNode> args = arguments(argument, 2, at, "a string or [string, {variables}]");
            text = args.get(0);
            if (!args.get(1).isObject()) {
                throw invalid(at, "the variables must be an object, not " + Scope.describe(args.get(1)));
            }
            variables.putAll(object(args.get(1), at).members());
        }
        List<Expr.SubPart> parts = SubParser.parse(string(text, at, "string"), at);
        for (Expr.SubPart part : parts) {
            if (part.variable() && !variables.containsKey(part.text())) {
                checkDeclared(part.text(), at);
            }
        }
        return new Expr.Sub(parts, variables);
    }

    private String name(JsonNode argument, String at) {
        String name = string(argument, at, "parameter name");
        checkDeclared(name, at);
        return name;
    }

    private void checkDeclared(String name, String at) {
        if (!names.contains(name)) {
            throw invalid(at, "parameter " + name + " is not declared in Parameters");
        }
    }

    private static List<JsonNode> arguments(JsonNode argument, int count, String at, String form) {
        if (!argument.isArray() || argument.size() != count) {
            throw invalid(at, "takes " + form + ", not " + argument);
        }
        List<JsonNode> args = new ArrayList<>(count);
        argument.forEach(args::add);
        return args;
    }

    private static String string(JsonNode node, String at, String what) {
        if (!node.isTextual()) {
            throw invalid(at, "the " + what + " must be a string, not " + Scope.describe(node));
        }
        return node.asText();
    }

    static TemplateException invalid(String where, String cause) {
        return TemplateException.invalid(where + ": " + cause);
    }
}
