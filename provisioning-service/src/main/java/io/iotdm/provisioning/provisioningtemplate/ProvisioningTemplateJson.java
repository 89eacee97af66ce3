package io.iotdm.provisioning.provisioningtemplate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.protocol.Timestamps;

/** Provisioning templates and versions as AWS's outputs render them. */
final class ProvisioningTemplateJson {

    private ProvisioningTemplateJson() {}

    /** DescribeProvisioningTemplate's output: the default version's body. */
    static ObjectNode template(Template template, TemplateVersion defaultVersion, Arns arns) {
        ObjectNode output = listed(template, arns)
                .put("defaultVersionId", template.defaultVersionId())
                .put("templateBody", defaultVersion.body())
                .put("provisioningRoleArn", template.provisioningRoleArn());
        ProvisioningHook hook = template.hook();
        if (hook != null) {
            output.set("preProvisioningHook", hook.json());
        }
        return output;
    }

    /** An item of ListProvisioningTemplates ({@code ProvisioningTemplateSummary}). */
    static ObjectNode listed(Template template, Arns arns) {
        ObjectNode output = JsonNodeFactory.instance
                .objectNode()
                .put("templateArn", arns.provisioningTemplate(template.name()))
                .put("templateName", template.name());
        if (template.description() != null) {
            output.put("description", template.description());
        }
        return output.put("creationDate", Timestamps.epochSeconds(template.creationDate()))
                .put("lastModifiedDate", Timestamps.epochSeconds(template.lastModifiedDate()))
                .put("enabled", template.enabled())
                .put("type", template.type().name());
    }

    /** An item of ListProvisioningTemplateVersions ({@code ProvisioningTemplateVersionSummary}). */
    static ObjectNode listedVersion(Template template, TemplateVersion version) {
        return JsonNodeFactory.instance
                .objectNode()
                .put("versionId", version.versionId())
                .put("creationDate", Timestamps.epochSeconds(version.creationDate()))
                .put("isDefaultVersion", version.versionId() == template.defaultVersionId());
    }

    /** DescribeProvisioningTemplateVersion's output: the summary and the body. */
    static ObjectNode version(Template template, TemplateVersion version) {
        return listedVersion(template, version).put("templateBody", version.body());
    }
}
