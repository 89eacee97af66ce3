package io.iotdm.indexing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The indexing configuration (UpdateIndexingConfiguration and what it governs). */
@ConfigMapping(prefix = "iotdm.indexing.configuration")
public interface IndexingConfigurationConfig {

    /**
     * How long an instance reuses the configuration it read before reading it again: on another instance than the
     * one that took an update, the update applies at most this late. {@code 0s}: read on every request.
     */
    @WithDefault("5s")
    Duration cacheTtl();

    /** The quota of {@code filter.namedShadowNames} (AWS: 10 by default). */
    @WithDefault("10")
    int maxNamedShadowNames();

    /** The quota of {@code filter.geoLocations} (AWS: 1 by default). */
    @WithDefault("1")
    int maxGeoLocations();
}
