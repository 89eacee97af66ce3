package io.iotdm.registry.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Merges one section of an update (desired or reported) into the stored section, keeping its metadata in step.
 *
 * <p>The merge is JSON Merge Patch (RFC 7386): members given replace stored ones, objects merge recursively, {@code
 * null} deletes a member with its metadata, arrays and scalars replace wholesale. Nested objects left empty are kept
 * (AWS keeps them); a section left empty is dropped, as AWS shows no empty desired/reported section.
 *
 * <p>Copy-on-write: only objects on the patched paths are copied; all other subtrees are shared with the previous
 * document, which is safe because stored trees are never mutated.
 */
final class ShadowMerge {

    /** A section and its metadata; both null when the section is absent. */
    record Section(ObjectNode state, ObjectNode metadata) {
        static final Section EMPTY = new Section(null, null);
    }

    private ShadowMerge() {}

    /**
     * @param patch JSON null (drop the section) or an object to merge
     * @param leaf  the {@code {"timestamp": now}} node for every changed leaf
     */
    static Section apply(Section stored, JsonNode patch, ObjectNode leaf) {
        if (patch.isNull()) {
            return Section.EMPTY;
        }
        ObjectNode state = copyOf(stored.state());
        ObjectNode metadata = copyOf(stored.metadata());
        merge(state, metadata, (ObjectNode) patch, leaf);
        return state.isEmpty() ? Section.EMPTY : new Section(state, metadata);
    }

    /** The metadata tree for a value as sent: objects and arrays mirrored, every other value (null too) a leaf. */
    static JsonNode mirror(JsonNode value, ObjectNode leaf) {
        if (value.isObject()) {
            ObjectNode metadata = ShadowJson.object();
            for (Map.Entry<String, JsonNode> member : value.properties()) {
                metadata.set(member.getKey(), mirror(member.getValue(), leaf));
            }
            return metadata;
        }
        if (value.isArray()) {
            ArrayNode metadata = ShadowJson.object().arrayNode(value.size());
            for (JsonNode element : value) {
                metadata.add(mirror(element, leaf));
            }
            return metadata;
        }
        return leaf;
    }

    // state and metadata are fresh copies owned by this merge; everything below them is shared.
    private static void merge(ObjectNode state, ObjectNode metadata, ObjectNode patch, ObjectNode leaf) {
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            String key = member.getKey();
            JsonNode value = member.getValue();
            if (value.isNull()) {
                state.remove(key);
                metadata.remove(key);
            } else if (value.isObject()) {
                JsonNode storedChild = state.get(key);
                boolean wasObject = storedChild != null && storedChild.isObject();
                ObjectNode childState = copyOf(wasObject ? (ObjectNode) storedChild : null);
                ObjectNode childMetadata = copyOf(wasObject ? objectOrNull(metadata.get(key)) : null);
                merge(childState, childMetadata, (ObjectNode) value, leaf);
                state.set(key, childState);
                metadata.set(key, childMetadata);
            } else {
                state.set(key, value);
                metadata.set(key, mirror(value, leaf));
            }
        }
    }

    private static ObjectNode copyOf(ObjectNode node) {
        ObjectNode copy = ShadowJson.object();
        if (node != null) {
            copy.setAll(node);
        }
        return copy;
    }

    private static ObjectNode objectOrNull(JsonNode node) {
        return node instanceof ObjectNode object ? object : null;
    }
}
