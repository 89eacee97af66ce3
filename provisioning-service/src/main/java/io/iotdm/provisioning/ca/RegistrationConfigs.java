package io.iotdm.provisioning.ca;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.provisioning.store.CaCertificate.RegistrationConfig;

/**
 * A request's {@code registrationConfig} (RegisterCACertificate, UpdateCACertificate): a JITP template by name or by
 * body, with the role that runs it (docs/aws-behaviour.md §6.2).
 */
final class RegistrationConfigs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RegistrationConfigs() {}

    /** @return the configuration, or {@code null} when the request has none */
    static RegistrationConfig parse(JsonNode config, AwsErrors errors) {
        if (config.isMissingNode() || config.isNull()) {
            return null;
        }
        String templateName = text(config, "templateName");
        String templateBody = text(config, "templateBody");
        String roleArn = text(config, "roleArn");
        if (templateName != null && templateBody != null) {
            throw errors.invalidRequest(
                    "registrationConfig takes templateName or templateBody, not both: a template is named or given");
        }
        if (templateName == null && templateBody == null) {
            throw errors.invalidRequest(
                    "registrationConfig needs templateName (a JITP provisioning template) or" + " templateBody");
        }
        if (templateBody != null) {
            requireJsonObject(templateBody, errors);
        }
        return new RegistrationConfig(templateName, templateBody, roleArn);
    }

    private static void requireJsonObject(String templateBody, AwsErrors errors) {
        JsonNode body;
        try {
            body = JSON.readTree(templateBody);
        } catch (JacksonException e) {
            throw errors.invalidRequest("registrationConfig.templateBody is not JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw errors.invalidRequest(
                    "registrationConfig.templateBody is not a JSON object (a provisioning template)");
        }
    }

    private static String text(JsonNode config, String member) {
        JsonNode value = config.get(member);
        return value == null || value.isNull() ? null : value.asText();
    }
}
