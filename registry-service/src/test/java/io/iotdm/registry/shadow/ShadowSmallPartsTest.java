package io.iotdm.registry.shadow;

import static io.iotdm.registry.shadow.Json.assertJson;
import static io.iotdm.registry.shadow.Json.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ShadowException rendering, ClientToken for get/delete bodies, and ShadowName. */
class ShadowSmallPartsTest {

    @Test
    void errorPayloadWithoutToken() {
        assertJson(
                new ShadowException(400, "Invalid JSON").errorPayload(1_700_000_000L),
                """
                {"code":400,"message":"Invalid JSON","timestamp":1700000000}""");
    }

    @Test
    void errorPayloadWithToken() {
        assertJson(
                new ShadowException(413, "The payload exceeds the maximum size allowed", "t").errorPayload(5),
                """
                {"code":413,"message":"The payload exceeds the maximum size allowed","timestamp":5,"clientToken":"t"}""");
    }

    @Test
    void noShadowQuotesTheName() {
        ShadowException e = ShadowException.noShadow("Limits", "c1");
        assertThat(e.httpStatus()).isEqualTo(404);
        assertJson(
                e.errorPayload(7),
                """
                {"code":404,"message":"No shadow exists with name: 'Limits'","timestamp":7,"clientToken":"c1"}""");
    }

    @Test
    void requestTokenIsRead() {
        assertThat(ClientToken.fromRequest(utf8("""
                {"clientToken":"abc"}""")))
                .contains("abc");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json",
                "[]",
                "null",
                "{}",
                "{\"clientToken\":5}",
                "{\"clientToken\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}"
            })
    void unusableRequestBodyHasNoToken(String body) {
        assertThat(ClientToken.fromRequest(utf8(body))).isEmpty();
    }

    @Test
    void nullRequestBodyHasNoToken() {
        assertThat(ClientToken.fromRequest(null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a",
                "Limits",
                "$config",
                "x:y_z-1",
                "0123456789012345678901234567890123456789012345678901234567890123"
            })
    void validShadowNames(String name) {
        assertThat(ShadowName.isValid(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "a b",
                "a/b",
                "a#",
                "a+b",
                "é",
                "01234567890123456789012345678901234567890123456789012345678901234"
            })
    void invalidShadowNames(String name) {
        assertThat(ShadowName.isValid(name)).isFalse();
    }

    @Test
    void missingShadowNameIsInvalid() {
        assertThat(ShadowName.isValid(null)).isFalse();
    }
}
