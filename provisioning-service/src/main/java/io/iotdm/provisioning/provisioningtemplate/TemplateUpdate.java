package io.iotdm.provisioning.provisioningtemplate;

/**
 * What an UpdateProvisioningTemplate asks to change; {@code null} for a member the caller did not send.
 *
 * @param defaultVersionId a version of the template; a long, because the model's integer may exceed an int
 */
public record TemplateUpdate(
        String description,
        Boolean enabled,
        Long defaultVersionId,
        String provisioningRoleArn,
        ProvisioningHook hook,
        boolean removeHook) {}
