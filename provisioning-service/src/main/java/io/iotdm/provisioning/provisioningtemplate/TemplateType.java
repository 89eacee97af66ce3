package io.iotdm.provisioning.provisioningtemplate;

import io.iotdm.provisioning.template.TemplateUse;

/** The model's {@code TemplateType}: what a template provisions, and so the rules its body is checked with. */
public enum TemplateType {
    FLEET_PROVISIONING(TemplateUse.FLEET_PROVISIONING),
    JITP(TemplateUse.JITP);

    private final TemplateUse use;

    TemplateType(TemplateUse use) {
        this.use = use;
    }

    /** The template engine's rules for a body of this type. */
    public TemplateUse use() {
        return use;
    }
}
