package io.iotdm.provisioning.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of {@code Resources} as written ({@code Type}, {@code Properties}, {@code OverrideSettings}): checks that
 * it has only the properties and override settings its type takes, and compiles the properties it is asked for.
 */
final class ResourceDeclaration {

    private static final List<String> RESOURCE_KEYS = List.of("Type", "Properties", "OverrideSettings");

    final String where;
    private final JsonNode properties;
    private final JsonNode overrideSettings;
    private final ExprCompiler compiler;

    private ResourceDeclaration(
            String logicalId, JsonNode properties, JsonNode overrideSettings, ExprCompiler compiler) {
        this.where = "Resource " + logicalId;
        this.properties = properties;
        this.overrideSettings = overrideSettings;
        this.compiler = compiler;
    }

    /** The resource's {@code Type}, after checking the resource's shape. */
    static String type(String logicalId, JsonNode resource) {
        String where = "Resource " + logicalId;
        if (!resource.isObject()) {
            throw ExprCompiler.invalid(where, "must be an object, not " + Scope.describe(resource));
        }
        for (Iterator<String> keys = resource.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!RESOURCE_KEYS.contains(key)) {
                throw ExprCompiler.invalid(where, "unknown key " + key + " (a resource has " + RESOURCE_KEYS + ")");
            }
        }
        JsonNode type = resource.get("Type");
        if (type == null || !type.isTextual()) {
            throw ExprCompiler.invalid(
                    where, "Type must be AWS::IoT::Thing, AWS::IoT::Certificate or AWS::IoT::Policy");
        }
        return type.asText();
    }

    static ResourceDeclaration of(
            String logicalId, JsonNode resource, List<String> propertyNames, ExprCompiler compiler) {
        String where = "Resource " + logicalId;
        JsonNode properties = resource.path("Properties");
        if (!properties.isObject()) {
            throw ExprCompiler.invalid(where, "Properties must be an object");
        }
        for (Iterator<String> names = properties.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!propertyNames.contains(name)) {
                throw ExprCompiler.invalid(
                        where,
                        "unknown property " + name + " (" + resource.get("Type").asText() + " takes "
                                + String.join(", ", propertyNames) + ")");
            }
        }
        return new ResourceDeclaration(logicalId, properties, resource.get("OverrideSettings"), compiler);
    }

    boolean has(String property) {
        return properties.has(property);
    }

    Expr required(String property) {
        return optional(property)
                .orElseThrow(() -> ExprCompiler.invalid(where, "the property " + property + " is required"));
    }

    Optional<Expr> optional(String property) {
        JsonNode value = properties.get(property);
        return value == null ? Optional.empty() : Optional.of(compiler.compile(value, where + ": " + property));
    }

    /** A property that is an object of literal keys whose values may be functions (AttributePayload). */
    Optional<Expr.ObjectOf> object(String property) {
        JsonNode value = properties.get(property);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isObject() || !(compiler.compile(value, where + ": " + property) instanceof Expr.ObjectOf object)) {
            throw ExprCompiler.invalid(where, property + " must be an object of names and values");
        }
        return Optional.of(object);
    }

    /** For a resource that takes no override settings (a policy). */
    void noOverrides() {
        if (overrideSettings != null) {
            throw ExprCompiler.invalid(where, "OverrideSettings cannot be set on a policy");
        }
    }

    /**
     * The override settings, one per named property ({@code mergeable} ones also take MERGE); a property without a
     * setting gets DO_NOTHING.
     */
    <P extends Enum<P>> Map<P, OverrideSetting> overrides(Class<P> settable, List<P> mergeable) {
        Map<P, OverrideSetting> settings = new EnumMap<>(settable);
        for (P property : settable.getEnumConstants()) {
            settings.put(property, OverrideSetting.DO_NOTHING);
        }
        if (overrideSettings == null) {
            return settings;
        }
        String at = where + ": OverrideSettings";
        if (!overrideSettings.isObject()) {
            throw ExprCompiler.invalid(at, "must be an object, not " + Scope.describe(overrideSettings));
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = overrideSettings.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            P property = settable(settable, field.getKey(), at);
            OverrideSetting setting = setting(field.getValue(), at + "." + field.getKey());
            if (setting == OverrideSetting.MERGE && !mergeable.contains(property)) {
                throw ExprCompiler.invalid(
                        at + "." + field.getKey(), "MERGE applies only to a thing's AttributePayload and ThingGroups");
            }
            settings.put(property, setting);
        }
        return settings;
    }

    private static <P extends Enum<P>> P settable(Class<P> settable, String name, String at) {
        for (P property : settable.getEnumConstants()) {
            if (property.name().equals(name)) {
                return property;
            }
        }
        List<String> names =
                Arrays.stream(settable.getEnumConstants()).map(Enum::name).toList();
        throw ExprCompiler.invalid(at, "no override setting for " + name + " (it may be set for " + names + ")");
    }

    private static OverrideSetting setting(JsonNode value, String at) {
        for (OverrideSetting setting : OverrideSetting.values()) {
            if (value.isTextual() && setting.name().equals(value.asText())) {
                return setting;
            }
        }
        throw ExprCompiler.invalid(at, value + " is not one of DO_NOTHING, REPLACE, FAIL, MERGE");
    }
}
