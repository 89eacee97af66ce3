package io.iotdm.registry.shadow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;

/** The single Jackson setup for shadow JSON, so requests, stored documents and payloads read and write alike. */
final class ShadowJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            // Keep numbers exactly as sent: 1.10 stays 1.10 and 1e400 does not overflow to Infinity.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            // "{...} trailing bytes" is not one JSON document.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    // Shadow values compare by JSON meaning: 1, 1.0 and 1e0 are the same desired value.
    private static final Comparator<JsonNode> SAME_VALUE = (a, b) ->
            a.isNumber() && b.isNumber() ? a.decimalValue().compareTo(b.decimalValue()) : (a.equals(b) ? 0 : 1);

    private ShadowJson() {}

    static JsonNode read(String json) throws JsonProcessingException {
        return MAPPER.readTree(json);
    }

    static JsonNode read(byte[] json) throws IOException {
        return MAPPER.readTree(json);
    }

    static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a tree we built always serializes
        }
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static boolean sameValue(JsonNode a, JsonNode b) {
        return a.equals(SAME_VALUE, b);
    }

    /** The metadata leaf {"timestamp": now}; one instance is shared by every leaf an update touches. */
    static ObjectNode timestampLeaf(long epochSeconds) {
        ObjectNode leaf = object();
        leaf.put("timestamp", epochSeconds);
        return leaf;
    }
}
