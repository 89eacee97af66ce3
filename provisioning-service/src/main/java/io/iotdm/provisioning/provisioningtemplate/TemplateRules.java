package io.iotdm.provisioning.provisioningtemplate;

import io.iotdm.aws.service.AwsErrors;
import io.iotdm.provisioning.RoleArns;
import io.iotdm.provisioning.template.ProvisioningTemplate;
import io.iotdm.provisioning.template.TemplateException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What AWS checks in a provisioning template's input beyond the model's constraints (docs/aws-behaviour.md §6.5): the
 * body for the template's type, the role's ARN, and that only fleet provisioning templates have a pre-provisioning
 * hook.
 */
@ApplicationScoped
class TemplateRules {

    private final AwsErrors errors;

    TemplateRules(AwsErrors errors) {
        this.errors = errors;
    }

    /** The body must be a usable template of the type; the refusal names the part of the template and the cause. */
    void checkBody(String body, TemplateType type) {
        try {
            ProvisioningTemplate.parse(body, type.use());
        } catch (TemplateException e) {
            throw errors.iot(e.errorShape().shapeName(), e.getMessage());
        }
    }

    void checkRoleArn(String provisioningRoleArn) {
        if (provisioningRoleArn != null) {
            RoleArns.check(errors, "provisioningRoleArn", provisioningRoleArn);
        }
    }

    /** AWS's API reference: the hook is supported by FLEET_PROVISIONING templates only. */
    void checkHook(ProvisioningHook hook, TemplateType type, String templateName) {
        if (hook != null && type != TemplateType.FLEET_PROVISIONING) {
            throw errors.invalidRequest("A pre-provisioning hook is supported only by templates of type "
                    + TemplateType.FLEET_PROVISIONING + "; " + templateName + " is of type " + type);
        }
    }

    void checkUpdate(TemplateUpdate update) {
        if (update.hook() != null && update.removeHook()) {
            throw errors.invalidRequest("preProvisioningHook and removePreProvisioningHook cannot be given together");
        }
        checkRoleArn(update.provisioningRoleArn());
    }
}
