package io.iotdm.indexing.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The last decision published for a thing, kept on its own document (field {@value #FIELD}, JSON text, not indexed):
 * the groups it matched with their revisions, whether the thing was deleted, and a fingerprint of every group and
 * revision the percolator held. A new percolation publishes only when this changes: a new revision of any group
 * changes the fingerprint, so the next change of each thing names the new revisions.
 */
record StoredResult(String fingerprint, boolean deleted, Map<String, Long> matched) {

    /** The field of the thing document (mapped not indexed in {@code index/aws_things_v1.json}). */
    static final String FIELD = "dynamicGroups";

    StoredResult {
        matched = Map.copyOf(matched);
    }

    /** @return null when the document has none (or an unreadable one: it is then replaced) */
    static StoredResult of(JsonNode document) {
        JsonNode text = document.get(FIELD);
        if (text == null || !text.isTextual()) {
            return null;
        }
        try {
            JsonNode stored = Engine.JSON.readTree(text.asText());
            Map<String, Long> matched = new TreeMap<>();
            stored.path("m")
                    .properties()
                    .forEach(entry ->
                            matched.put(entry.getKey(), entry.getValue().asLong()));
            return new StoredResult(stored.path("f").asText(), stored.path("d").asBoolean(), matched);
        } catch (IOException e) {
            return null;
        }
    }

    String toJson() {
        ObjectNode node = Engine.JSON.createObjectNode().put("f", fingerprint).put("d", deleted);
        ObjectNode matches = node.putObject("m");
        new TreeMap<>(matched).forEach(matches::put);
        return node.toString();
    }

    /** A short digest of the {group → revision} set, independent of order. */
    static String fingerprint(Map<String, Long> groups) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(groups)
                    .forEach((group, revision) ->
                            digest.update((group + '=' + revision + '\n').getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(digest.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
