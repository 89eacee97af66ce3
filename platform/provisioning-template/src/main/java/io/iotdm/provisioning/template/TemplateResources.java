package io.iotdm.provisioning.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A template's {@code Resources}: at most one thing, at most one certificate, and any number of policies. */
record TemplateResources(
        Optional<ThingResource> thing, Optional<CertificateResource> certificate, List<PolicyResource> policies) {

    static TemplateResources parse(JsonNode section, ExprCompiler compiler, TemplateUse use) {
        ThingResource thing = null;
        CertificateResource certificate = null;
        List<PolicyResource> policies = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = section.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String logicalId = field.getKey();
            switch (ResourceDeclaration.type(logicalId, field.getValue())) {
                case ThingResource.TYPE -> {
                    checkSingle(thing == null ? null : thing.logicalId(), logicalId, ThingResource.TYPE);
                    thing = ThingResource.parse(logicalId, field.getValue(), compiler);
                }
                case CertificateResource.TYPE -> {
                    checkSingle(
                            certificate == null ? null : certificate.logicalId(), logicalId, CertificateResource.TYPE);
                    certificate = CertificateResource.parse(logicalId, field.getValue(), compiler, use);
                }
                case PolicyResource.TYPE ->
                    policies.add(PolicyResource.parse(logicalId, field.getValue(), compiler, use));
                default ->
                    throw ExprCompiler.invalid(
                            "Resource " + logicalId,
                            "Type " + field.getValue().get("Type").asText() + " is not one of " + ThingResource.TYPE
                                    + ", " + CertificateResource.TYPE + ", " + PolicyResource.TYPE);
            }
        }
        return new TemplateResources(
                Optional.ofNullable(thing), Optional.ofNullable(certificate), List.copyOf(policies));
    }

    private static void checkSingle(String earlier, String logicalId, String type) {
        if (earlier != null) {
            throw ExprCompiler.invalid(
                    "Resource " + logicalId,
                    "a template provisions one " + type + ", and " + earlier + " is one already");
        }
    }
}
