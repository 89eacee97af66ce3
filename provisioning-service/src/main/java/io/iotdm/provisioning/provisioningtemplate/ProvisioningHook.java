package io.iotdm.provisioning.provisioningtemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A fleet provisioning template's pre-provisioning hook, as the model's {@code ProvisioningHook}.
 *
 * @param payloadVersion as the caller sent it, {@code null} when it sent none
 */
public record ProvisioningHook(String targetArn, String payloadVersion) {

    /** @return the hook of a request member, {@code null} when the member is absent */
    static ProvisioningHook of(JsonNode member) {
        if (member.isMissingNode() || member.isNull()) {
            return null;
        }
        JsonNode payloadVersion = member.path("payloadVersion");
        return new ProvisioningHook(
                member.path("targetArn").asText(), payloadVersion.isTextual() ? payloadVersion.asText() : null);
    }

    ObjectNode json() {
        ObjectNode hook = JsonNodeFactory.instance.objectNode().put("targetArn", targetArn);
        if (payloadVersion != null) {
            hook.put("payloadVersion", payloadVersion);
        }
        return hook;
    }
}
