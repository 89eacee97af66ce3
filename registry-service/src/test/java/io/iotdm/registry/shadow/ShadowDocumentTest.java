package io.iotdm.registry.shadow;

import static io.iotdm.registry.shadow.Json.assertJson;
import static io.iotdm.registry.shadow.Json.utf8;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShadowDocumentTest {

    private static final long T1 = 1_700_000_000L;

    private static ShadowDocument create(String json) {
        return new ShadowEngine()
                .apply(Optional.empty(), ShadowUpdate.parse(utf8(json)), T1)
                .document();
    }

    @Test
    void storageFormIsCompactJson() {
        ShadowDocument doc = create("""
                { "state" : { "desired" : { "a" : 1 } } }""");
        assertThat(new String(doc.toJson(), UTF_8))
                .isEqualTo(
                        "{\"state\":{\"desired\":{\"a\":1}},\"metadata\":{\"desired\":{\"a\":{\"timestamp\":1700000000}}},"
                                + "\"version\":1,\"timestamp\":1700000000}");
    }

    @Test
    void storageRoundTrips() {
        ShadowDocument doc = create(
                """
                {"state":{"desired":{"a":[1,{"b":2}],"c":{}},"reported":{"d":"é","e":true}}}""");
        ShadowDocument read = ShadowDocument.fromJson(doc.toJson());
        assertThat(read.toJson()).isEqualTo(doc.toJson());
        assertThat(read.version()).isEqualTo(1);
        assertThat(read.timestamp()).isEqualTo(T1);
    }

    @Test
    void readDocumentKeepsWorkingWithTheEngine() {
        ShadowDocument read = ShadowDocument.fromJson(create("""
                {"state":{"desired":{"a":{"b":1}}}}""")
                .toJson());
        ShadowUpdateResult result = new ShadowEngine()
                .apply(
                        Optional.of(read),
                        ShadowUpdate.parse(utf8("""
                {"state":{"reported":{"a":{"b":2}}}}""")),
                        T1 + 1);
        assertJson(
                result.delta().orElseThrow(),
                """
                {"state":{"a":{"b":1}},"metadata":{"a":{"b":{"timestamp":1700000000}}},
                 "version":2,"timestamp":1700000001}""");
    }

    @Test
    void numbersAreStoredExactlyAsSent() {
        ShadowDocument doc = create(
                """
                {"state":{"reported":{"a":1.10,"b":1e400,"c":12345678901234567890123,"d":0.1}}}""");
        assertThat(new String(ShadowDocument.fromJson(doc.toJson()).toJson(), UTF_8))
                .contains("{\"a\":1.10,\"b\":1E+400,\"c\":12345678901234567890123,\"d\":0.1}");
    }

    @Test
    void emptyShadowRoundTrips() {
        ShadowDocument doc = create("""
                {"state":null}""");
        assertJson(
                ShadowDocument.fromJson(doc.toJson()).toJson(),
                """
                {"state":{},"metadata":{},"version":1,"timestamp":1700000000}""");
        assertThat(doc.desired()).isEmpty();
        assertThat(doc.reported()).isEmpty();
    }

    @Test
    void accessorsReturnCopies() {
        ShadowDocument doc = create("""
                {"state":{"desired":{"a":1},"reported":{"b":2}}}""");
        byte[] before = doc.toJson();
        doc.desired().orElseThrow().put("a", 99);
        doc.reported().orElseThrow().removeAll();
        ((ObjectNode) doc.metadata().get("desired")).removeAll();
        assertThat(doc.toJson()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{}", "{\"version\":\"x\"}", "{\"state\":{\"desired\":1},\"version\":1}", "{"})
    void fromJsonRejectsAnythingElse(String json) {
        assertThatThrownBy(() -> ShadowDocument.fromJson(utf8(json))).isInstanceOf(IllegalArgumentException.class);
    }
}
