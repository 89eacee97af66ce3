package io.iotdm.indexing.dynamic;

import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.events.DynamicGroupMessages.Definition;
import io.iotdm.messaging.UntilApplied;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps the percolator ({@link PercolatorIndex}) from the dynamic-group definitions topic (channel {@value #CHANNEL}),
 * which group-service creates compacted and writes through its outbox. Every instance reads it from its beginning on
 * every start, under a consumer group of its own that commits nothing (the percolator's external versions make the
 * instances' writes converge), and follows it. Each batch is folded to the last definition of each group before it is
 * applied, and the batches of the catch-up are large ({@code max.poll.records}): the topic's uncompacted tail may hold
 * thousands of groups created and deleted, each two writes and refreshes (a restarted service took 30-80 s to store a
 * new group's query behind them when it replayed them one by one). A definition's query is translated by SearchIndex's
 * translator; one that no longer translates (the indexing configuration changed under it) is stored as
 * {@code match_none} at its revision, so that its backfill still ends. Failures of OpenSearch are retried without
 * skipping ({@link UntilApplied}, from {@code definitions-retry}); an unreadable definition is logged and skipped.
 */
@Singleton
class DefinitionsConsumer {

    static final String CHANNEL = "dynamic-group-definitions";

    private static final Logger LOG = Logger.getLogger(DefinitionsConsumer.class);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final DynamicGroupsConfig config;
    private final PercolatorIndex index;
    private final PercolatorRepository repository;
    private final GroupQueries queries;
    private final DefinitionsView view;
    private volatile boolean indexCreated;

    DefinitionsConsumer(
            DynamicGroupsConfig config,
            PercolatorIndex index,
            PercolatorRepository repository,
            GroupQueries queries,
            DefinitionsView view) {
        this.config = config;
        this.index = index;
        this.repository = repository;
        this.queries = queries;
        this.view = view;
    }

    @Incoming(CHANNEL)
    Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        Map<String, ConsumerRecord<String, byte[]>> latest = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.value() != null || !latest.containsKey(record.key())) {
                latest.put(record.key(), record); // a compaction tombstone leaves the deletion before it
            }
        }
        LOG.debugf("%d definitions folded to %d groups", records.count(), latest.size());
        return UntilApplied.apply(
                "Applying " + latest.size() + " dynamic group definitions",
                () -> Uni.createFrom()
                        .<Void>item(() -> {
                            applyAll(latest.values());
                            return null;
                        })
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()), // OpenSearch's client blocks
                config.definitionsRetry(),
                MAX_RETRY);
    }

    private void applyAll(Collection<ConsumerRecord<String, byte[]>> records) {
        try {
            if (!indexCreated) {
                index.create();
                indexCreated = true;
            }
            for (ConsumerRecord<String, byte[]> record : records) {
                try {
                    apply(record);
                } catch (IllegalArgumentException unreadable) {
                    LOG.warnf(
                            "Skipping an unreadable definition %s-%d@%d: %s",
                            record.topic(), record.partition(), record.offset(), unreadable.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) throws IOException {
        if (record.value() == null) {
            return; // a compaction tombstone: the deletion definition before it did the work
        }
        Definition definition = Definition.parse(record.value());
        if (definition.groupName().isEmpty()) {
            throw new IllegalArgumentException("no thingGroupName");
        }
        if (definition.deleted()) {
            if (!repository.delete(definition.groupName(), definition.revision())) {
                LOG.debugf("Stale deletion of %s at %d", definition.groupName(), definition.revision());
            }
        } else {
            GroupQueries.Translated translated;
            try {
                translated = queries.translate(definition.queryString());
            } catch (AwsServiceException invalid) {
                LOG.warnf(
                        "The query of dynamic group %s (revision %d) does not translate, it matches nothing: %s",
                        definition.groupName(), definition.revision(), invalid.getMessage());
                translated = GroupQueries.Translated.matchNone();
            }
            index.mapFields(translated.fields());
            if (!repository.store(definition, translated)) {
                LOG.debugf("Stale definition of %s at %d", definition.groupName(), definition.revision());
            }
        }
        view.applied(definition.groupName(), definition.revision(), definition.deleted());
    }
}
