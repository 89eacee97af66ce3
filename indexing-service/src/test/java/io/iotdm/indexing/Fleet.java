package io.iotdm.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.events.Event;
import io.iotdm.events.RegistryEvents;
import io.iotdm.events.ShadowEvents;
import io.iotdm.indexing.index.ThingIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.GetResponse;

/**
 * The tests' side of the pipeline: events onto devstack's Kafka as the registry publishes them (same topics, keys
 * and headers), and the documents and searches they lead to in OpenSearch.
 */
public final class Fleet {

    public static final Duration DEADLINE = Duration.ofSeconds(30);
    public static final RegistryEvents REGISTRY = new RegistryEvents("123456789012");
    private static final JsonMapper JSON = new JsonMapper();

    private static KafkaProducer<String, byte[]> producer;

    private final OpenSearchClient client;

    public Fleet(OpenSearchClient client) {
        this.client = client;
    }

    /** A thing name no other test uses. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // ---- events ----

    public static Event thing(
            RegistryEvents.Change change, String name, long version, long revision, Map<String, String> attributes) {
        return thing(change, name, "id-" + name, version, revision, null, attributes);
    }

    public static Event thing(
            RegistryEvents.Change change,
            String name,
            String thingId,
            long version,
            long revision,
            String thingTypeName,
            Map<String, String> attributes) {
        return REGISTRY.thing(change, thingId, name, version, revision, thingTypeName, attributes, Instant.now());
    }

    /** An {@code /update/documents} event of a shadow whose state is now {@code state} (desired and reported). */
    public static Event shadowUpdated(String thing, String shadowName, long version, long timestamp, String state) {
        ObjectNode documents = JSON.createObjectNode();
        documents.putNull("previous");
        ObjectNode current = documents.putObject("current");
        current.set("state", json(state));
        current.set("metadata", JSON.createObjectNode());
        current.put("version", version);
        documents.put("timestamp", timestamp);
        documents.put("clientToken", "test");
        return ShadowEvents.updated(thing, shadowName, version, documents);
    }

    public static Event shadowDeleted(String thing, String shadowName, long version, long timestamp) {
        ObjectNode accepted = JSON.createObjectNode().put("version", version).put("timestamp", timestamp);
        return ShadowEvents.deleted(thing, shadowName, version, accepted);
    }

    public static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Publishes the events in order (and waits for Kafka's acknowledgement of each). */
    public static void send(Event... events) {
        for (Event event : events) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                    event.kafkaTopic(), event.key(), event.payload().toString().getBytes(StandardCharsets.UTF_8));
            event.headers()
                    .forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
            sendRecord(record);
        }
    }

    public static void sendRecord(ProducerRecord<String, byte[]> record) {
        try {
            producer().send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused " + record, e.getCause());
        }
    }

    /**
     * Returns once everything published so far on {@code topic} for {@code key} has been indexed: publishes a marker
     * event of another thing on the same partition (so it comes after them) and waits for the marker's document.
     */
    public void barrier(String topic, String key) {
        int partitions = producer().partitionsFor(topic).size();
        int partition = partitionOf(key, partitions);
        String marker;
        do {
            marker = uniqueName("marker");
        } while (partitionOf(marker, partitions) != partition);
        send(
                topic.equals(RegistryEvents.THING_TOPIC)
                        ? thing(RegistryEvents.Change.CREATED, marker, 1, 1, Map.of())
                        : shadowUpdated(marker, null, 1, 1, "{\"reported\":{\"marker\":true}}"));
        String markerName = marker;
        awaitDocument(markerName, document -> true);
    }

    private static int partitionOf(String key, int partitions) {
        return BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions);
    }

    private static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties properties = new Properties();
            properties.put(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
            properties.put(ProducerConfig.ACKS_CONFIG, "all");
            properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            producer = new KafkaProducer<>(properties);
        }
        return producer;
    }

    // ---- the index ----

    /** The thing's document as stored (live or not), by a real-time GET on the physical index. */
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> document(String thingName) {
        try {
            GetResponse<Map> response =
                    client.get(get -> get.index(ThingIndex.PHYSICAL).id(thingName), Map.class);
            return response.found() ? Optional.of((Map<String, Object>) response.source()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the thing's document exists and satisfies {@code until}; fails with the last document seen. */
    public Map<String, Object> awaitDocument(String thingName, Predicate<Map<String, Object>> until) {
        Instant deadline = Instant.now().plus(DEADLINE);
        Optional<Map<String, Object>> last = Optional.empty();
        while (Instant.now().isBefore(deadline)) {
            last = document(thingName);
            if (last.isPresent() && until.test(last.get())) {
                return last.get();
            }
            pause();
        }
        throw new AssertionError("The document of " + thingName + " did not become as expected; last seen: "
                + last.map(Object::toString).orElse("none"));
    }

    /** The names of the live things that match, through the alias (after a refresh, so that all writes show). */
    public List<String> search(Query query) {
        try {
            client.indices().refresh(refresh -> refresh.index(ThingIndex.PHYSICAL));
            var response = client.search(
                    search -> search.index(ThingIndex.ALIAS).query(query).size(1000), Map.class);
            List<String> names = new ArrayList<>();
            response.hits().hits().forEach(hit -> names.add(hit.id()));
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails unless, of the things {@code among}, the search finds exactly {@code expected}. */
    public void assertFinds(Query query, List<String> among, String... expected) {
        List<FieldValue> names = among.stream().map(FieldValue::of).toList();
        Query restricted = Query.of(q -> q.bool(bool -> bool.must(query)
                .filter(filter -> filter.terms(
                        terms -> terms.field(ThingIndex.THING_NAME).terms(values -> values.value(names))))));
        assertThat(search(restricted)).as("things found by %s", query).containsExactlyInAnyOrder(expected);
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
