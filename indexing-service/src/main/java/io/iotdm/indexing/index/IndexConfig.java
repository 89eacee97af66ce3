package io.iotdm.indexing.index;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How the indices are created and how their mappings are kept within their field limits. Its own mapping under
 * {@code iotdm.indexing} beside the consumer's ({@code consumer.IndexingConfig}), which reads this package: one mapping
 * for both would make the packages depend on each other.
 */
@ConfigMapping(prefix = "iotdm.indexing")
public interface IndexConfig {

    /** The primary shards of an index, set when it is created. */
    @WithDefault("1")
    int shards();

    /** A thing index's {@code index.mapping.total_fields.limit}, set when the index is created. */
    @WithDefault("10000")
    int maxFields();

    /** The fields of that limit kept for the part script's own fields (see {@link io.iotdm.indexing.thing.FieldBudget}). */
    @WithDefault("500")
    int reservedFields();

    /** How long the list of an index's mapped fields is trusted before an update that seems not to fit reads it again. */
    @WithDefault("10s")
    Duration mappingCacheTtl();
}
