package io.iotdm.provisioning.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotdm.provisioning.template.ProvisioningPlan.PolicyPlan;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** An {@code AWS::IoT::Policy} resource, compiled, and how it resolves into a {@link PolicyPlan}. */
record PolicyResource(String logicalId, Optional<Expr> policyName, Optional<Expr> document) {

    static final String TYPE = "AWS::IoT::Policy";

    private static final List<String> PROPERTIES = List.of("PolicyName", "PolicyDocument");
    private static final ObjectMapper JSON = new ObjectMapper();

    static PolicyResource parse(String logicalId, JsonNode resource, ExprCompiler compiler, TemplateUse use) {
        ResourceDeclaration declaration = ResourceDeclaration.of(logicalId, resource, PROPERTIES, compiler);
        declaration.noOverrides();
        if (declaration.has("PolicyName") == declaration.has("PolicyDocument")) {
            throw ExprCompiler.invalid(declaration.where, "exactly one of PolicyName, PolicyDocument is required");
        }
        Optional<Expr> document = declaration.optional("PolicyDocument");
        if (document.orElse(null) instanceof Expr.ObjectOf && !use.isFleetProvisioning()) {
            throw ExprCompiler.invalid(
                    declaration.where,
                    "PolicyDocument must be a string of JSON (only fleet provisioning templates take an object)");
        }
        return new PolicyResource(logicalId, declaration.optional("PolicyName"), document);
    }

    PolicyPlan plan(Scope resource) {
        if (policyName.isPresent()) {
            Scope property = resource.at("PolicyName");
            String name = NameRule.POLICY_NAME.check(property.text(policyName.get(), "the value"), property);
            return new PolicyPlan(logicalId, name, Optional.empty());
        }
        Scope property = resource.at("PolicyDocument");
        String text = documentText(document.orElseThrow().evaluate(property), property);
        return new PolicyPlan(logicalId, hash(text), Optional.of(text));
    }

    /** The document as the policy will hold it: a string is kept as written, an object is written as JSON. */
    private static String documentText(JsonNode document, Scope scope) {
        if (document.isObject()) {
            return document.toString();
        }
        if (!document.isTextual()) {
            throw scope.fail("must be a JSON object or a string of one, not " + Scope.describe(document));
        }
        try {
            if (!JSON.readTree(document.asText()).isObject()) {
                throw scope.fail("must be a JSON object");
            }
        } catch (JsonProcessingException e) {
            throw scope.fail("is not JSON: " + e.getOriginalMessage());
        }
        return document.asText();
    }

    /**
     * AWS names a policy given only by its document with a hash of the document; iotdm's is the SHA-256 of the text,
     * so that the same document gives the same policy on every provisioning.
     */
    private static String hash(String document) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(document.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
