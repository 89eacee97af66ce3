package io.iotdm.registry.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Optional;

/**
 * The stored state of one shadow. Immutable: accessors return copies, and the engine never mutates the trees it
 * shares between documents, so an update can reuse every subtree it does not touch.
 *
 * <p>Storage form (compact JSON): {@code {"state":{"desired"?,"reported"?},"metadata":{"desired"?,"reported"?},
 * "version":N,"timestamp":T}}. Metadata mirrors each section with {@code {"timestamp":T}} at every leaf, arrays as
 * arrays of per-element metadata.
 */
public final class ShadowDocument {

    private final ObjectNode desired;
    private final ObjectNode reported;
    private final ObjectNode desiredMetadata;
    private final ObjectNode reportedMetadata;
    private final long version;
    private final long timestamp;

    ShadowDocument(ShadowMerge.Section desired, ShadowMerge.Section reported, long version, long timestamp) {
        this.desired = desired.state();
        this.desiredMetadata = desired.metadata();
        this.reported = reported.state();
        this.reportedMetadata = reported.metadata();
        this.version = version;
        this.timestamp = timestamp;
    }

    /** Reads the {@link #toJson() storage form}. */
    public static ShadowDocument fromJson(byte[] json) {
        try {
            JsonNode root = ShadowJson.read(json);
            if (!root.isObject() || !root.path("version").canConvertToLong()) {
                throw new IllegalArgumentException("Not a stored shadow document");
            }
            JsonNode state = root.path("state");
            JsonNode metadata = root.path("metadata");
            return new ShadowDocument(
                    section(state.get("desired"), metadata.get("desired")),
                    section(state.get("reported"), metadata.get("reported")),
                    root.path("version").asLong(),
                    root.path("timestamp").asLong());
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a stored shadow document", e);
        }
    }

    public byte[] toJson() {
        ObjectNode json = snapshot();
        json.put("timestamp", timestamp);
        return ShadowJson.write(json);
    }

    /** The {@code current} member of the {@code /update/documents} message of the update that wrote this document. */
    public byte[] currentJson() {
        return ShadowJson.write(snapshot());
    }

    public Optional<ObjectNode> desired() {
        return Optional.ofNullable(desired).map(ObjectNode::deepCopy);
    }

    public Optional<ObjectNode> reported() {
        return Optional.ofNullable(reported).map(ObjectNode::deepCopy);
    }

    /** {@code {"desired"?: ..., "reported"?: ...}} with a {@code {"timestamp"}} leaf per state leaf. */
    public ObjectNode metadata() {
        return metadataNode().deepCopy();
    }

    public long version() {
        return version;
    }

    /** Epoch seconds of the last accepted update. */
    public long timestamp() {
        return timestamp;
    }

    ShadowMerge.Section desiredSection() {
        return new ShadowMerge.Section(desired, desiredMetadata);
    }

    ShadowMerge.Section reportedSection() {
        return new ShadowMerge.Section(reported, reportedMetadata);
    }

    /** A fresh {@code {"desired"?, "reported"?}} holding this document's trees: add members, never change those. */
    ObjectNode stateNode() {
        return pair(desired, reported);
    }

    ObjectNode metadataNode() {
        return pair(desiredMetadata, reportedMetadata);
    }

    /** {@code {state, metadata, version}}: the form used for {@code previous}/{@code current} in /update/documents. */
    ObjectNode snapshot() {
        ObjectNode json = ShadowJson.object();
        json.set("state", stateNode());
        json.set("metadata", metadataNode());
        json.put("version", version);
        return json;
    }

    private static ObjectNode pair(ObjectNode desired, ObjectNode reported) {
        ObjectNode json = ShadowJson.object();
        if (desired != null) {
            json.set("desired", desired);
        }
        if (reported != null) {
            json.set("reported", reported);
        }
        return json;
    }

    private static ShadowMerge.Section section(JsonNode state, JsonNode metadata) {
        if (state == null) {
            return ShadowMerge.Section.EMPTY;
        }
        if (!(state instanceof ObjectNode stateObject) || (metadata != null && !metadata.isObject())) {
            throw new IllegalArgumentException("Not a stored shadow document");
        }
        return new ShadowMerge.Section(stateObject, metadata == null ? ShadowJson.object() : (ObjectNode) metadata);
    }
}
