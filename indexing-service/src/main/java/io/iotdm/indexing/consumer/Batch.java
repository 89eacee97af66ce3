package io.iotdm.indexing.consumer;

import io.iotdm.indexing.thing.PartUpdate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of one bulk: the newest change of each part of each document (a part's changes all come from one
 * partition, in order, but the newest is chosen by {@link PartUpdate#isNewerThan}, not by offset, so that a
 * replayed older change in the same batch cannot displace a newer one), and the offsets to commit once the bulk is
 * done.
 */
final class Batch {

    private record Key(String id, String sync) {}

    private record Entry(TopicPartition partition, PartUpdate update) {}

    private final Map<Key, Entry> updates = new LinkedHashMap<>();
    private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
    private int records;
    private long firstAt = -1;

    /** Counts a record and its offset, without a change (poison, or not for this index). */
    void skip(TopicPartition partition, long offset) {
        count(partition, offset);
    }

    /** @return whether the change was folded into a newer one, or displaced an older one, of the same part */
    boolean add(TopicPartition partition, long offset, PartUpdate update) {
        count(partition, offset);
        Key key = new Key(update.id(), update.part().sync());
        Entry present = updates.get(key);
        if (present == null) {
            updates.put(key, new Entry(partition, update));
            return false;
        }
        if (update.isNewerThan(present.update())) {
            updates.put(key, new Entry(partition, update));
        }
        return true;
    }

    private void count(TopicPartition partition, long offset) {
        if (firstAt < 0) {
            firstAt = System.nanoTime();
        }
        records++;
        nextOffsets.merge(partition, offset + 1, Math::max);
    }

    boolean isEmpty() {
        return records == 0;
    }

    int records() {
        return records;
    }

    /** {@link System#nanoTime()} of the first record, -1 while empty. */
    long firstAt() {
        return firstAt;
    }

    /** The changes to write, in the order their parts first appeared. */
    List<PartUpdate> updates() {
        List<PartUpdate> list = new ArrayList<>(updates.size());
        updates.values().forEach(entry -> list.add(entry.update()));
        return list;
    }

    /** Of {@code pending}, those still in this batch (after {@link #drop}). */
    List<PartUpdate> retain(List<PartUpdate> pending) {
        List<PartUpdate> kept = new ArrayList<>(pending.size());
        for (PartUpdate update : pending) {
            Entry entry = updates.get(new Key(update.id(), update.part().sync()));
            if (entry != null && entry.update() == update) {
                kept.add(update);
            }
        }
        return kept;
    }

    /** Forgets the records of partitions this consumer no longer owns: their next owner reads them again. */
    void drop(Collection<TopicPartition> partitions) {
        updates.values().removeIf(entry -> partitions.contains(entry.partition()));
        partitions.forEach(nextOffsets::remove);
    }

    Map<TopicPartition, OffsetAndMetadata> offsets() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        nextOffsets.forEach((partition, next) -> offsets.put(partition, new OffsetAndMetadata(next)));
        return offsets;
    }
}
