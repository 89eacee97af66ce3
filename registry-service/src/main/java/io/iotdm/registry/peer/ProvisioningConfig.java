package io.iotdm.registry.peer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The registry's questions to the provisioning-service. */
@ConfigMapping(prefix = "iotdm.registry.provisioning")
public interface ProvisioningConfig {

    /** How long the question whether a thing has principals may take before DeleteThing fails (503). */
    @WithDefault("5s")
    Duration deadline();
}
