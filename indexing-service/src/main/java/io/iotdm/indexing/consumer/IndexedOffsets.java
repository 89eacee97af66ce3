package io.iotdm.indexing.consumer;

import io.iotdm.indexing.search.WrittenOffsets;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * "Return when the index holds every record the event topics hold now" (written, not yet refreshed): reads the end
 * offsets of the indexed topics' partitions, then waits until each is written, by this instance's consumer
 * ({@link IndexProgress}, signalled after each batch) or by another instance of the consumer group (its committed
 * offsets, committed only after the documents are written; looked at again every {@link #GROUP_RECHECK} while a
 * partition another instance owns is behind, since those commits signal nothing here).
 */
@Singleton
public class IndexedOffsets implements WrittenOffsets {

    /** How often the group's committed offsets are read again while another instance's partition is behind. */
    static final Duration GROUP_RECHECK = Duration.ofMillis(50);

    /** How long the topics' partition list is reused: partitions are added rarely, and only by an operator. */
    private static final Duration PARTITIONS_TTL = Duration.ofSeconds(30);

    private record Partitions(List<TopicPartition> list, long readAt) {}

    private final Admin admin;
    private final IndexProgress progress;
    private final String groupId;
    /** Without a consumer of its own, this instance sees no batches: the group's offsets are all there is. */
    private final boolean consuming;

    private final AtomicReference<Partitions> partitions = new AtomicReference<>();

    IndexedOffsets(
            IndexProgress progress,
            IndexingConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.progress = progress;
        this.groupId = config.groupId();
        this.consuming = config.consumerEnabled();
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "iotdm-indexing-offsets");
        this.admin = Admin.create(properties);
    }

    void stop(@Observes ShutdownEvent stopping) {
        admin.close(Duration.ofSeconds(2));
    }

    @Override
    public Uni<Boolean> written(long deadline) {
        return partitions()
                .flatMap(list -> list.isEmpty()
                        ? Uni.createFrom().item(Map.<TopicPartition, Long>of())
                        : from(admin.listOffsets(latest(list)).all()).map(IndexedOffsets::offsets))
                .flatMap(ends -> writtenThrough(new HashMap<>(ends), deadline, !consuming));
    }

    @Override
    public CompletableFuture<Void> nextBatch() {
        return progress.nextBatch();
    }

    private Uni<Boolean> writtenThrough(Map<TopicPartition, Long> behind, long deadline, boolean askGroup) {
        CompletableFuture<Void> batch = progress.nextBatch(); // before the look: a batch after it cannot be missed
        behind.entrySet().removeIf(end -> end.getValue() <= Math.max(0, progress.written(end.getKey())));
        if (behind.isEmpty()) {
            return Uni.createFrom().item(true);
        }
        Uni<Void> committed = !askGroup
                ? Uni.createFrom().voidItem()
                : from(admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata())
                        .invoke(offsets -> behind.entrySet().removeIf(end -> {
                            OffsetAndMetadata at = offsets.get(end.getKey());
                            return at != null && end.getValue() <= at.offset();
                        }))
                        .replaceWithVoid();
        return committed.flatMap(ignored -> {
            long left = deadline - System.nanoTime();
            if (behind.isEmpty() || left <= 0) {
                return Uni.createFrom().item(behind.isEmpty());
            }
            return Uni.createFrom()
                    .completionStage(batch.copy()) // a copy: giving up on it must not cancel other waiters'
                    .ifNoItem()
                    .after(Duration.ofNanos(Math.min(left, GROUP_RECHECK.toNanos())))
                    .recoverWithItem((Void) null)
                    .flatMap(next -> writtenThrough(behind, deadline, true));
        });
    }

    /** The partitions of the indexed topics that exist (a topic nobody wrote yet may not). */
    private Uni<List<TopicPartition>> partitions() {
        Partitions known = partitions.get();
        if (known != null && System.nanoTime() - known.readAt() < PARTITIONS_TTL.toNanos()) {
            return Uni.createFrom().item(known.list());
        }
        Map<String, KafkaFuture<TopicDescription>> described =
                admin.describeTopics(EventDecoder.TOPICS).topicNameValues();
        return Uni.join()
                .all(EventDecoder.TOPICS.stream()
                        .map(topic -> from(described.get(topic))
                                .map(description -> description.partitions().stream()
                                        .map(partition -> new TopicPartition(topic, partition.partition()))
                                        .toList())
                                .onFailure(UnknownTopicOrPartitionException.class)
                                .recoverWithItem(List.of()))
                        .toList())
                .andFailFast()
                .map(lists -> {
                    List<TopicPartition> list =
                            lists.stream().flatMap(List::stream).toList();
                    partitions.set(new Partitions(list, System.nanoTime()));
                    return list;
                });
    }

    private static Map<TopicPartition, OffsetSpec> latest(List<TopicPartition> list) {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        list.forEach(partition -> specs.put(partition, OffsetSpec.latest()));
        return specs;
    }

    private static Map<TopicPartition, Long> offsets(
            Map<TopicPartition, org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo> infos) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        infos.forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    private static <T> Uni<T> from(KafkaFuture<T> future) {
        return Uni.createFrom().completionStage(future.toCompletionStage());
    }
}
