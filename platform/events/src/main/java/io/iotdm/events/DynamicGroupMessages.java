package io.iotdm.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The two internal messages between group-service and indexing-service that keep dynamic thing groups (not AWS
 * payloads; no MQTT topic):
 *
 * <ul>
 *   <li>{@link Definition} on {@link #DEFINITIONS_TOPIC} (compacted, key group name), from group-service through its
 *       outbox: a dynamic group's query at a group revision, or its deletion. The indexing-service keeps them as
 *       percolator queries and reads the topic from its beginning on every start.
 *   <li>{@link Decision} on {@link #MEMBERSHIP_TOPIC} (key thing name), from indexing-service: which dynamic groups'
 *       queries a thing document matched, and which revision of each query it was percolated against. Published only
 *       when that changes for the thing. group-service applies a decision for a group only when it names the group's
 *       current revision, and only if its document version is newer than the last it applied for the thing.
 * </ul>
 */
public final class DynamicGroupMessages {

    public static final String DEFINITIONS_TOPIC = "iotdm.dynamic-group-definitions";
    public static final String MEMBERSHIP_TOPIC = "iotdm.dynamic-membership";

    private static final ObjectMapper JSON = new ObjectMapper();

    private DynamicGroupMessages() {}

    /**
     * A dynamic group's definition at a group revision.
     *
     * @param revision the group revision of the write that set this query (or deleted the group); newer wins
     * @param creationRevision the group revision of the group's creation: the order of "older dynamic groups win"
     */
    public record Definition(
            String groupName,
            String groupId,
            String queryString,
            String queryVersion,
            String indexName,
            long revision,
            long creationRevision,
            boolean deleted) {

        /** The outbox event that publishes it. */
        public Event event() {
            ObjectNode payload = JSON.createObjectNode()
                    .put("thingGroupName", groupName)
                    .put("thingGroupId", groupId)
                    .put("queryString", queryString)
                    .put("queryVersion", queryVersion)
                    .put("indexName", indexName)
                    .put("revision", revision)
                    .put("creationRevision", creationRevision)
                    .put("deleted", deleted);
            return new Event(DEFINITIONS_TOPIC, groupName, "", UUID.randomUUID().toString(), revision, payload);
        }

        public static Definition parse(byte[] value) {
            JsonNode node = read(value);
            return new Definition(
                    node.path("thingGroupName").asText(),
                    node.path("thingGroupId").asText(),
                    node.path("queryString").asText(),
                    node.path("queryVersion").asText(),
                    node.path("indexName").asText(),
                    node.path("revision").asLong(),
                    node.path("creationRevision").asLong(),
                    node.path("deleted").asBoolean());
        }
    }

    /** The version of a thing document in the fleet index; see the gRPC {@code DocumentVersion}. */
    public record DocumentVersion(long generation, long primaryTerm, long seqNo)
            implements Comparable<DocumentVersion> {

        private static final Comparator<DocumentVersion> ORDER = Comparator.comparingLong(DocumentVersion::generation)
                .thenComparingLong(DocumentVersion::primaryTerm)
                .thenComparingLong(DocumentVersion::seqNo);

        @Override
        public int compareTo(DocumentVersion other) {
            return ORDER.compare(this, other);
        }
    }

    /** Whether a thing matched one dynamic group's query, and which revision of the query that was. */
    public record Verdict(long revision, boolean matches) {}

    /**
     * A thing's document percolated against every dynamic group query the indexing-service held.
     *
     * @param thingDeleted the document is the registry's deletion of the thing: it matches nothing
     * @param groups every dynamic group known to the percolator, by name
     */
    public record Decision(
            String thingName,
            String thingId,
            DocumentVersion version,
            boolean thingDeleted,
            Map<String, Verdict> groups) {

        public Decision {
            groups = Map.copyOf(groups);
        }

        public byte[] toBytes() {
            ObjectNode node = JSON.createObjectNode()
                    .put("thingName", thingName)
                    .put("thingId", thingId)
                    .put("thingDeleted", thingDeleted);
            node.putObject("version")
                    .put("generation", version.generation())
                    .put("primaryTerm", version.primaryTerm())
                    .put("seqNo", version.seqNo());
            ObjectNode verdicts = node.putObject("groups");
            groups.forEach((group, verdict) -> verdicts.putObject(group)
                    .put("revision", verdict.revision())
                    .put("matches", verdict.matches()));
            try {
                return JSON.writeValueAsBytes(node);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public static Decision parse(byte[] value) {
            JsonNode node = read(value);
            JsonNode version = node.path("version");
            Map<String, Verdict> groups = new LinkedHashMap<>();
            node.path("groups")
                    .properties()
                    .forEach(entry -> groups.put(
                            entry.getKey(),
                            new Verdict(
                                    entry.getValue().path("revision").asLong(),
                                    entry.getValue().path("matches").asBoolean())));
            return new Decision(
                    node.path("thingName").asText(),
                    node.path("thingId").asText(),
                    new DocumentVersion(
                            version.path("generation").asLong(),
                            version.path("primaryTerm").asLong(),
                            version.path("seqNo").asLong()),
                    node.path("thingDeleted").asBoolean(),
                    groups);
        }
    }

    private static JsonNode read(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a dynamic group message: " + e.getMessage(), e);
        }
    }
}
