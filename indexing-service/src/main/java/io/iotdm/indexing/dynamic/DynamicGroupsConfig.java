package io.iotdm.indexing.dynamic;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Dynamic thing groups in the indexing-service: the percolator, the decisions, StreamMatches. */
@ConfigMapping(prefix = "iotdm.dynamic-groups")
public interface DynamicGroupsConfig {

    /** Whether this instance reads the definitions topic into the percolator (with the indexing consumer). */
    @WithDefault("true")
    boolean definitionsEnabled();

    /** How long to wait before trying again when the definitions topic is missing or OpenSearch fails. */
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
