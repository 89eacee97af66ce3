package io.iotdm.provisioning.fleet;

import io.iotdm.aws.service.AwsErrors;
import io.iotdm.provisioning.provisioningtemplate.Template;
import io.iotdm.provisioning.provisioningtemplate.TemplateService;
import io.iotdm.provisioning.provisioningtemplate.TemplateService.TemplateWithVersion;
import io.iotdm.provisioning.provisioningtemplate.TemplateType;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/**
 * The template a claim is made for or a device provisions with: it must exist, be of type FLEET_PROVISIONING and be
 * enabled (docs/aws-behaviour.md §6.10).
 */
@Singleton
class FleetTemplates {

    private final TemplateService templates;
    private final AwsErrors errors;

    FleetTemplates(TemplateService templates, AwsErrors errors) {
        this.templates = templates;
        this.errors = errors;
    }

    /**
     * @return the template and its default version; ResourceNotFoundException when there is none, InvalidRequestException
     *     when it is not a fleet-provisioning template or is disabled
     */
    Uni<TemplateWithVersion> usable(String name) {
        return templates.describe(name).invoke(found -> {
            Template template = found.template();
            if (template.type() != TemplateType.FLEET_PROVISIONING) {
                throw errors.invalidRequest("The provisioning template " + name + " is of type " + template.type()
                        + ": fleet provisioning needs a template of type FLEET_PROVISIONING");
            }
            if (!template.enabled()) {
                throw errors.invalidRequest("The provisioning template " + name + " is disabled");
            }
        });
    }
}
