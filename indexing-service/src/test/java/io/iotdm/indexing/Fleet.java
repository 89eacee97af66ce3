package io.iotdm.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.events.Event;
import io.iotdm.events.RegistryEvents;
import io.iotdm.events.ShadowEvents;
import io.iotdm.indexing.index.GroupIndex;
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

    /** Waits for the thing index to be set up (the first build, at startup, takes a moment). */
    public Fleet(OpenSearchClient client) {
        this.client = client;
        ThingIndexSettled.await();
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

    /** A presence event as the device gateway publishes it; {@code thingName} null = a client id that names the thing. */
    public static void presence(
            String clientId, String thingName, boolean connected, long versionNumber, long timestamp, String reason) {
        ObjectNode payload = Fleet.json("{}");
        payload.put("clientId", clientId);
        payload.put("timestamp", timestamp);
        payload.put("eventType", connected ? "connected" : "disconnected");
        payload.put("sessionIdentifier", "session-" + versionNumber);
        payload.put("principalIdentifier", "principal");
        payload.put("versionNumber", versionNumber);
        if (thingName != null) {
            payload.put("thingName", thingName);
        }
        if (connected) {
            payload.put("ipAddress", "192.0.2.1");
        } else {
            payload.put("clientInitiatedDisconnect", "CLIENT_INITIATED_DISCONNECT".equals(reason));
            payload.put("disconnectReason", reason);
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                "aws.events.presence", clientId, payload.toString().getBytes(StandardCharsets.UTF_8));
        record.headers()
                .add(
                        Event.MQTT_TOPIC_HEADER,
                        ("$aws/events/presence/" + (connected ? "connected/" : "disconnected/") + clientId)
                                .getBytes(StandardCharsets.UTF_8));
        Fleet.sendRecord(record);
    }

    /** The group service's topics (its event factories are not shared yet: records built as it publishes them). */
    public static final String GROUP_TOPIC = "aws.events.thingGroup";

    public static final String MEMBERSHIP_TOPIC = "aws.events.thingGroupMembership";

    private static final String ARN_PREFIX = "arn:aws:iot:us-east-1:123456789012:";

    /** A THING_GROUP_MEMBERSHIP event: {@code revision} is the group service's revision of the change. */
    public static void membership(String group, String thing, boolean added, long revision) {
        ObjectNode payload = json("{}")
                .put("eventType", "THING_GROUP_MEMBERSHIP_EVENT")
                .put("eventId", UUID.randomUUID().toString())
                .put("timestamp", System.currentTimeMillis())
                .put("operation", added ? "ADDED" : "REMOVED")
                .put("accountId", "123456789012")
                .put("groupArn", ARN_PREFIX + "thinggroup/" + group)
                .put("groupId", "gid-" + group)
                .put("thingArn", ARN_PREFIX + "thing/" + thing)
                .put("thingId", "id-" + thing)
                .put("membershipId", "m-" + revision);
        send(
                MEMBERSHIP_TOPIC,
                thing,
                "$aws/events/thingGroupMembership/thingGroup/" + group + "/thing/" + thing
                        + (added ? "/added" : "/removed"),
                revision,
                payload);
    }

    /**
     * A THING_GROUP event ({@code CREATED}, {@code UPDATED}, {@code DELETED}); {@code ancestors} root first, the
     * parent last.
     */
    public static void group(
            String operation,
            String group,
            long revision,
            String description,
            Map<String, String> attributes,
            List<String> ancestors) {
        ObjectNode payload = json("{}")
                .put("eventType", "THING_GROUP_EVENT")
                .put("eventId", UUID.randomUUID().toString())
                .put("timestamp", System.currentTimeMillis())
                .put("operation", operation)
                .put("accountId", "123456789012")
                .put("thingGroupId", "gid-" + group)
                .put("thingGroupName", group)
                .put("versionNumber", revision)
                .put("description", description)
                .put("dynamicGroupMappingId", (String) null);
        if (ancestors.isEmpty()) {
            payload.putNull("parentGroupName").putNull("parentGroupId");
        } else {
            payload.put("parentGroupName", ancestors.getLast()).put("parentGroupId", "gid-" + ancestors.getLast());
        }
        var path = payload.putArray("rootToParentThingGroups");
        ancestors.forEach(name -> path.addObject()
                .put("groupArn", ARN_PREFIX + "thinggroup/" + name)
                .put("groupId", "gid-" + name));
        var attributeNode = payload.putObject("attributes");
        attributes.forEach(attributeNode::put);
        send(
                GROUP_TOPIC,
                group,
                "$aws/events/thingGroup/" + group + "/" + operation.toLowerCase(java.util.Locale.ROOT),
                revision,
                payload);
    }

    private static void send(String topic, String key, String mqttTopic, long revision, ObjectNode payload) {
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(topic, key, payload.toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add(Event.MQTT_TOPIC_HEADER, mqttTopic.getBytes(StandardCharsets.UTF_8));
        record.headers()
                .add(Event.RESOURCE_VERSION_HEADER, Long.toString(revision).getBytes(StandardCharsets.UTF_8));
        record.headers()
                .add(Event.EVENT_ID_HEADER, payload.get("eventId").asText().getBytes(StandardCharsets.UTF_8));
        sendRecord(record);
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
        if (topic.equals(MEMBERSHIP_TOPIC)) {
            membership("marker", marker, true, 1);
        } else if (topic.equals(GROUP_TOPIC)) {
            group("CREATED", marker, 1, null, Map.of(), List.of());
        } else {
            send(
                    topic.equals(RegistryEvents.THING_TOPIC)
                            ? thing(RegistryEvents.Change.CREATED, marker, 1, 1, Map.of())
                            : shadowUpdated(marker, null, 1, 1, "{\"reported\":{\"marker\":true}}"));
        }
        awaitDocument(topic.equals(GROUP_TOPIC) ? GroupIndex.ALIAS : ThingIndex.ALIAS, marker, document -> true);
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
    public Optional<Map<String, Object>> document(String thingName) {
        return document(ThingIndex.ALIAS, thingName);
    }

    /** A document of the index behind {@code alias} as stored (live or not), by a real-time GET. */
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> document(String alias, String id) {
        try {
            GetResponse<Map> response = client.get(get -> get.index(alias).id(id), Map.class);
            return response.found() ? Optional.of((Map<String, Object>) response.source()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the thing's document exists and satisfies {@code until}; fails with the last document seen. */
    public Map<String, Object> awaitDocument(String thingName, Predicate<Map<String, Object>> until) {
        return awaitDocument(ThingIndex.ALIAS, thingName, until);
    }

    /** {@link #awaitDocument(String, Predicate)} in the index behind {@code alias}. */
    public Map<String, Object> awaitDocument(String alias, String id, Predicate<Map<String, Object>> until) {
        Instant deadline = Instant.now().plus(DEADLINE);
        Optional<Map<String, Object>> last = Optional.empty();
        while (Instant.now().isBefore(deadline)) {
            last = document(alias, id);
            if (last.isPresent() && until.test(last.get())) {
                return last.get();
            }
            pause();
        }
        throw new AssertionError("The document of " + id + " did not become as expected; last seen: "
                + last.map(Object::toString).orElse("none"));
    }

    /** The names of the live things that match, through the alias (after a refresh, so that all writes show). */
    public List<String> search(Query query) {
        try {
            client.indices().refresh(refresh -> refresh.index(ThingIndex.ALIAS));
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
