package io.iotdm.registry.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The delta: every desired value that reported lacks or holds differently. Reported-only members are left out,
 * nested objects keep their full path down to the differing members, and anything that is not an object on both
 * sides (scalars, arrays, type changes) is copied whole from desired. Values compare by JSON meaning (1 equals 1.0).
 * The delta's metadata is the desired metadata of exactly those members.
 */
final class ShadowDelta {

    /** Delta state and metadata; both empty objects when desired and reported agree. */
    record Delta(ObjectNode state, ObjectNode metadata) {
        boolean isEmpty() {
            return state.isEmpty();
        }
    }

    private ShadowDelta() {}

    static Delta of(ShadowDocument document) {
        ShadowMerge.Section desired = document.desiredSection();
        if (desired.state() == null) {
            return new Delta(ShadowJson.object(), ShadowJson.object());
        }
        return diff(
                desired.state(), desired.metadata(), document.reportedSection().state());
    }

    private static Delta diff(ObjectNode desired, ObjectNode desiredMetadata, ObjectNode reported) {
        ObjectNode state = ShadowJson.object();
        ObjectNode metadata = ShadowJson.object();
        for (Map.Entry<String, JsonNode> member : desired.properties()) {
            String key = member.getKey();
            JsonNode want = member.getValue();
            JsonNode have = reported == null ? null : reported.get(key);
            JsonNode wantMetadata = desiredMetadata.get(key);
            if (want.isObject() && have != null && have.isObject()) {
                Delta nested = diff((ObjectNode) want, asObject(wantMetadata), (ObjectNode) have);
                if (!nested.isEmpty()) {
                    state.set(key, nested.state());
                    metadata.set(key, nested.metadata());
                }
            } else if (have == null || !ShadowJson.sameValue(want, have)) {
                state.set(key, want);
                metadata.set(key, wantMetadata);
            }
        }
        return new Delta(state, metadata);
    }

    private static ObjectNode asObject(JsonNode node) {
        return node instanceof ObjectNode object ? object : ShadowJson.object();
    }
}
