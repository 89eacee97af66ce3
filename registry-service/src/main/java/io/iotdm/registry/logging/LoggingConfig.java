package io.iotdm.registry.logging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "iotdm.registry.logging")
public interface LoggingConfig {

    /** How many named log targets (all but DEFAULT) an account may have; AWS's quota is 1000. */
    @WithDefault("1000")
    int maxLogTargets();
}
