package io.iotdm.indexing.search;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The search side of the service (SearchIndex, and read-after for the aggregations too). */
@ConfigMapping(prefix = "iotdm.indexing.search")
public interface SearchConfig {

    /**
     * How long the list of indexed fields that unfielded terms search is reused before the mapping is read again: a
     * field that appears in the fleet for the first time is found by unfielded terms at most this late.
     */
    @WithDefault("10s")
    Duration fieldCacheTtl();

    /**
     * The longest a request with {@code iotdm-read-after} waits for the writes it names to become visible before it
     * answers anyway (and says so).
     */
    @WithDefault("5s")
    Duration readAfterMaxWait();

    /**
     * {@code read-after-write}: every search and aggregation waits (at most {@link #readAfterMaxWait()}) until the
     * index holds every registry and group change committed before it arrived ({@link FreshIndex}); {@code eventual}:
     * it answers from the index as it is, which follows the changes within moments.
     */
    @WithDefault("eventual")
    Consistency consistency();

    enum Consistency {
        EVENTUAL,
        READ_AFTER_WRITE
    }
}
