package io.iotdm.indexing.rebuild;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The coordinator of the thing index's generations and rebuilds. */
@ConfigMapping(prefix = "iotdm.indexing.rebuild")
public interface RebuildConfig {

    /** Whether this instance runs the coordinator (tests of other parts may turn it off). */
    @WithDefault("true")
    boolean enabled();

    /** How often the coordinator compares the configuration with the index (an update here wakes it at once). */
    @WithDefault("1s")
    Duration pollInterval();

    /** How long a coordinating instance keeps the lead without renewing it (a crashed one is replaced this late). */
    @WithDefault("30s")
    Duration lease();

    /** Things per bulk request (and per progress checkpoint) while streaming the registry. */
    @WithDefault("500")
    int batchSize();
}
