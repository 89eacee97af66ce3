package io.iotdm.indexing.consumer;

import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of the indexing consumer, shown by the health checks. */
@Singleton
public class IndexingStats {

    /** Records read from Kafka. */
    final AtomicLong records = new AtomicLong();

    /** Records that could not be read as an event (logged and skipped). */
    final AtomicLong poisonRecords = new AtomicLong();

    /** Records of other event types, or of topic suffixes the index does not follow. */
    final AtomicLong ignoredRecords = new AtomicLong();

    /** Part updates of parts that the indexing configuration does not store (shadows with REGISTRY, ...). */
    final AtomicLong notIndexed = new AtomicLong();

    /** Part updates that changed a document. */
    final AtomicLong applied = new AtomicLong();

    /** Part updates that were duplicates or older than what the document holds (no-ops). */
    final AtomicLong stale = new AtomicLong();

    /** Part updates folded into a newer one of the same part within a batch. */
    final AtomicLong coalesced = new AtomicLong();

    /** Part updates that OpenSearch refused for good (e.g. a mapping conflict): logged and skipped. */
    final AtomicLong rejected = new AtomicLong();

    /** Bulk and decision attempts that failed and were retried. */
    final AtomicLong retries = new AtomicLong();

    /** Batches written and decided, so acknowledged: the channel's throttled commits commit their offsets. */
    final AtomicLong acknowledgedBatches = new AtomicLong();

    /** Milliseconds spent in bulk requests and deciding dynamic-group memberships: where batches' time goes. */
    final AtomicLong bulkMillis = new AtomicLong();

    final AtomicLong decisionMillis = new AtomicLong();

    public long poisonRecords() {
        return poisonRecords.get();
    }

    public long rejected() {
        return rejected.get();
    }

    public long applied() {
        return applied.get();
    }

    public long stale() {
        return stale.get();
    }

    public long retries() {
        return retries.get();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> values = new LinkedHashMap<>();
        values.put("records", records.get());
        values.put("poisonRecords", poisonRecords.get());
        values.put("ignoredRecords", ignoredRecords.get());
        values.put("notIndexed", notIndexed.get());
        values.put("applied", applied.get());
        values.put("stale", stale.get());
        values.put("coalesced", coalesced.get());
        values.put("rejected", rejected.get());
        values.put("retries", retries.get());
        values.put("acknowledgedBatches", acknowledgedBatches.get());
        values.put("bulkMillis", bulkMillis.get());
        values.put("decisionMillis", decisionMillis.get());
        return values;
    }
}
