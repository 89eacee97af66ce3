package io.iotdm.provisioning.template;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads and checks a template body (docs/aws-behaviour.md §6.5); every failure is an InvalidRequestException. */
final class TemplateParser {

    /** The model's TemplateBody: at most 10240 characters. */
    static final int MAX_BODY_LENGTH = 10240;

    private static final List<String> SECTIONS = List.of("Parameters", "Resources", "Mappings", "DeviceConfiguration");
    private static final List<String> FLEET_ONLY_SECTIONS = List.of("Mappings", "DeviceConfiguration");
    private static final List<String> PARAMETER_KEYS = List.of("Type", "Default");

    /** Duplicate keys would make a template mean what its last duplicate says, silently. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private TemplateParser() {}

    static ProvisioningTemplate parse(String body, TemplateUse use) {
        if (body.length() > MAX_BODY_LENGTH) {
            throw TemplateException.invalid("The template body has " + body.length() + " characters; at most "
                    + MAX_BODY_LENGTH + " are allowed");
        }
        JsonNode root = read(body);
        checkSections(root, use);
        Map<String, Optional<String>> parameters = parameters(root.path("Parameters"));
        Mappings mappings = root.has("Mappings") ? Mappings.parse(root.get("Mappings")) : Mappings.NONE;
        Set<String> names = new HashSet<>(parameters.keySet());
        names.addAll(use.injectedParameters());
        ExprCompiler compiler = new ExprCompiler(Set.copyOf(names), mappings);
        TemplateResources resources = TemplateResources.parse(root.get("Resources"), compiler, use);
        return new ProvisioningTemplate(
                use, parameters, mappings, resources, deviceConfiguration(root.get("DeviceConfiguration"), compiler));
    }

    private static JsonNode read(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            throw TemplateException.invalid("The template body is not valid JSON: " + e.getOriginalMessage()
                    + (location == null
                            ? ""
                            : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw TemplateException.invalid("The template body must be a JSON object");
        }
        return root;
    }

    private static void checkSections(JsonNode root, TemplateUse use) {
        for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
            String section = keys.next();
            if (section.equals("Conditions")) {
                throw TemplateException.invalid(
                        "Conditions are not supported in provisioning templates (AWS IoT documents none)");
            }
            if (!SECTIONS.contains(section)) {
                throw TemplateException.invalid(
                        "Unknown section " + section + " (a template has " + String.join(", ", SECTIONS) + ")");
            }
            if (FLEET_ONLY_SECTIONS.contains(section) && !use.isFleetProvisioning()) {
                throw TemplateException.invalid(section + " is allowed only in FLEET_PROVISIONING templates");
            }
        }
        if (!root.path("Resources").isObject()) {
            throw TemplateException.invalid("The template must have a Resources object");
        }
    }

    /** The declared parameters and their defaults, in the order written. */
    private static Map<String, Optional<String>> parameters(JsonNode section) {
        Map<String, Optional<String>> parameters = new LinkedHashMap<>();
        if (section.isMissingNode()) {
            return parameters;
        }
        if (!section.isObject()) {
            throw TemplateException.invalid("Parameters must be an object, not " + Scope.describe(section));
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = section.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String where = "Parameter " + field.getKey();
            JsonNode declaration = field.getValue();
            if (!declaration.isObject()) {
                throw ExprCompiler.invalid(where, "must be an object with Type and an optional Default");
            }
            for (Iterator<String> keys = declaration.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (!PARAMETER_KEYS.contains(key)) {
                    throw ExprCompiler.invalid(where, "unknown key " + key + " (a parameter has Type and Default)");
                }
            }
            JsonNode type = declaration.get("Type");
            if (type == null) {
                throw ExprCompiler.invalid(where, "Type is required (String)");
            }
            if (!type.isTextual() || !type.asText().equals("String")) {
                throw ExprCompiler.invalid(where, "Type must be String, not " + type);
            }
            JsonNode defaultValue = declaration.get("Default");
            if (defaultValue != null && !defaultValue.isTextual()) {
                throw ExprCompiler.invalid(where, "Default must be a string, not " + Scope.describe(defaultValue));
            }
            parameters.put(field.getKey(), Optional.ofNullable(defaultValue).map(JsonNode::asText));
        }
        return parameters;
    }

    /** Flat keys and values handed to the device (fleet provisioning). */
    private static Map<String, Expr> deviceConfiguration(JsonNode section, ExprCompiler compiler) {
        Map<String, Expr> configuration = new LinkedHashMap<>();
        if (section == null) {
            return configuration;
        }
        if (!section.isObject()) {
            throw TemplateException.invalid(
                    "DeviceConfiguration must be an object of keys and values, not " + Scope.describe(section));
        }
        List<String> keys = new ArrayList<>();
        section.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            String where = "DeviceConfiguration: " + key;
            Expr value = compiler.compile(section.get(key), where);
            if (value instanceof Expr.ObjectOf || value instanceof Expr.ListOf) {
                throw ExprCompiler.invalid(
                        where, "must be a string or a function giving one (the configuration is flat)");
            }
            configuration.put(key, value);
        }
        return configuration;
    }
}
