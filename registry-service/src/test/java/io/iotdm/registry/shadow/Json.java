package io.iotdm.registry.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test helpers: compare JSON by tree, so key order and whitespace do not matter. */
final class Json {

    private static final ObjectMapper PLAIN = new ObjectMapper();

    private Json() {}

    static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static JsonNode tree(String json) {
        try {
            return PLAIN.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(byte[] json) {
        return tree(new String(json, StandardCharsets.UTF_8));
    }

    static void assertJson(byte[] actual, String expected) {
        assertThat(tree(actual)).isEqualTo(tree(expected));
    }

    /** Compares through text, so a LongNode 5 equals the IntNode 5 a literal parses to. */
    static void assertJson(JsonNode actual, String expected) {
        assertThat(tree(actual.toString())).isEqualTo(tree(expected));
    }
}
