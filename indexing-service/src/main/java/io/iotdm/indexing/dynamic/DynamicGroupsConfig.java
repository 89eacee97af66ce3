package io.iotdm.indexing.dynamic;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Dynamic thing groups in the indexing-service: the percolator, the decisions, StreamMatches. */
@ConfigMapping(prefix = "iotdm.indexing.dynamic-groups")
public interface DynamicGroupsConfig {

    /** The first pause before a definition OpenSearch failed to store is tried again (it doubles, up to 30 s). */
    @WithDefault("2s")
    Duration definitionsRetry();

    /** Things per page of StreamMatches' search. */
    @WithDefault("1000")
    int streamPageSize();

    /** How long StreamMatches waits for the group's revision in the percolator when the call has no deadline. */
    @WithDefault("30s")
    Duration streamMaxWait();

    /** How often StreamMatches looks at the percolator while it waits. */
    @WithDefault("100ms")
    Duration streamPollInterval();

    /** How long publishing a batch's decisions may take before they are retried. */
    @WithDefault("30s")
    Duration publishTimeout();
}
