package io.iotdm.registry.grpc;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "iotdm.registry.stream")
public interface StreamConfig {

    /** Things per page of StreamThings; each page costs one query for the things and one for their shadows. */
    @WithDefault("1000")
    int pageSize();
}
