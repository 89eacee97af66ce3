package io.iotdm.provisioning.provisioningtemplate;

/**
 * What an UpdateProvisioningTemplate asks to change; {@code null} for a member the caller did not send.
 */
public record TemplateUpdate(
        String description,
        Boolean enabled,
        Integer defaultVersionId,
        String provisioningRoleArn,
        ProvisioningHook hook,
        boolean removeHook) {}
