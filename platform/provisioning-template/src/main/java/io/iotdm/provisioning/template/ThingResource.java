package io.iotdm.provisioning.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdm.provisioning.template.ProvisioningPlan.ThingPlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An {@code AWS::IoT::Thing} resource, compiled, and how it resolves into a {@link ThingPlan}. */
record ThingResource(
        String logicalId,
        Expr thingName,
        Optional<Expr> thingTypeName,
        Optional<Expr.ObjectOf> attributePayload,
        Optional<Expr> thingGroups,
        Optional<Expr> billingGroup,
        Map<Overridable, OverrideSetting> overrides) {

    static final String TYPE = "AWS::IoT::Thing";

    /** The properties that take override settings, spelt as in the template. */
    enum Overridable {
        AttributePayload,
        ThingTypeName,
        ThingGroups
    }

    private static final List<String> PROPERTIES =
            List.of("ThingName", "AttributePayload", "ThingTypeName", "ThingGroups", "BillingGroup", "PackageVersions");

    static ThingResource parse(String logicalId, JsonNode resource, ExprCompiler compiler) {
        ResourceDeclaration declaration = ResourceDeclaration.of(logicalId, resource, PROPERTIES, compiler);
        if (declaration.has("PackageVersions")) {
            // iotdm has no software package catalog (AWS IoT Device Management's CreatePackage) to associate with.
            throw ExprCompiler.invalid(declaration.where, "PackageVersions is not supported by iotdm");
        }
        return new ThingResource(
                logicalId,
                declaration.required("ThingName"),
                declaration.optional("ThingTypeName"),
                declaration.object("AttributePayload"),
                declaration.optional("ThingGroups"),
                declaration.optional("BillingGroup"),
                declaration.overrides(
                        Overridable.class, List.of(Overridable.AttributePayload, Overridable.ThingGroups)));
    }

    ThingPlan plan(Scope resource) {
        return new ThingPlan(
                logicalId,
                name(thingName, NameRule.THING_NAME, resource.at("ThingName")),
                thingTypeName.map(type -> name(type, NameRule.THING_TYPE_NAME, resource.at("ThingTypeName"))),
                attributePayload.map(payload -> attributes(payload, resource.at("AttributePayload"))),
                thingGroups.map(groups -> groups(groups, resource.at("ThingGroups"))),
                billingGroup.map(group -> name(group, NameRule.BILLING_GROUP_NAME, resource.at("BillingGroup"))),
                overrides.get(Overridable.AttributePayload),
                overrides.get(Overridable.ThingTypeName),
                overrides.get(Overridable.ThingGroups));
    }

    private static String name(Expr name, NameRule rule, Scope property) {
        return rule.check(property.text(name, "the value"), property);
    }

    private static Map<String, String> attributes(Expr.ObjectOf payload, Scope scope) {
        Map<String, String> attributes = new LinkedHashMap<>();
        payload.members()
                .forEach((name, value) -> attributes.put(
                        NameRule.ATTRIBUTE_NAME.check(name, scope),
                        NameRule.ATTRIBUTE_VALUE.check(scope.text(value, "the value of " + name), scope)));
        return Map.copyOf(attributes);
    }

    private static List<String> groups(Expr groups, Scope scope) {
        List<String> names = scope.list(groups, "the value");
        names.forEach(name -> NameRule.THING_GROUP_NAME.check(name, scope));
        return names;
    }
}
