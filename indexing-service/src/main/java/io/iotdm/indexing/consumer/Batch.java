package io.iotdm.indexing.consumer;

import io.iotdm.indexing.thing.PartUpdate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of one bulk: the newest change of each part of each document (a part's changes all come from one
 * partition, in order, but the newest is chosen by {@link PartUpdate#isNewerThan}, not by offset, so that a
 * replayed older change in the same batch cannot displace a newer one), and the offsets after it, which
 * {@link IndexProgress} records once the bulk is written.
 */
final class Batch {

    private record Key(String id, String sync) {}

    private final Map<Key, PartUpdate> updates = new LinkedHashMap<>();
    private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();

    /** Counts a record and its offset, without a change (poison, or not for this index). */
    void skip(TopicPartition partition, long offset) {
        count(partition, offset);
    }

    /** @return whether the change was folded into a newer one, or displaced an older one, of the same part */
    boolean add(TopicPartition partition, long offset, PartUpdate update) {
        count(partition, offset);
        Key key = new Key(update.id(), update.part().sync());
        PartUpdate present = updates.get(key);
        if (present == null) {
            updates.put(key, update);
            return false;
        }
        if (update.isNewerThan(present)) {
            updates.put(key, update);
        }
        return true;
    }

    private void count(TopicPartition partition, long offset) {
        nextOffsets.merge(partition, offset + 1, Math::max);
    }

    /** The changes to write, in the order their parts first appeared. */
    List<PartUpdate> updates() {
        return new ArrayList<>(updates.values());
    }

    Map<TopicPartition, OffsetAndMetadata> offsets() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        nextOffsets.forEach((partition, next) -> offsets.put(partition, new OffsetAndMetadata(next)));
        return offsets;
    }
}
