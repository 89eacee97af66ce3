package io.iotdm.registry.thingtype;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "iotdm.registry")
public interface ThingTypeConfig {

    /** How long a thing type must have been deprecated before it may be deleted; AWS: 5 minutes. */
    @WithDefault("5m")
    Duration thingTypeDeleteDelay();
}
