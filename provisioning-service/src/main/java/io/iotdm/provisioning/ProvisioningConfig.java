package io.iotdm.provisioning;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "iotdm.provisioning")
public interface ProvisioningConfig {

    /** IoT policies (docs/aws-behaviour.md §6.4). */
    PolicyLimits policy();

    /** Provisioning templates (docs/aws-behaviour.md §6.5). */
    TemplateLimits provisioningTemplate();

    interface PolicyLimits {

        /** Versions a policy may have at once: AWS's quota is 5. */
        @WithDefault("5")
        int maxVersions();
    }

    interface TemplateLimits {

        /** Versions a provisioning template may have at once: AWS's quota is 5. */
        @WithDefault("5")
        int maxVersions();
    }
}
