package io.iotdm.registry.shadow;

import static io.iotdm.registry.shadow.Json.tree;
import static io.iotdm.registry.shadow.Json.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShadowUpdateTest {

    private static ShadowUpdate parse(String json) {
        return ShadowUpdate.parse(utf8(json));
    }

    private static ShadowException rejected(String json) {
        return rejected(utf8(json));
    }

    private static ShadowException rejected(byte[] body) {
        return catchThrowableOfType(ShadowException.class, () -> ShadowUpdate.parse(body));
    }

    private static void assertRejected(String json, int status, String message) {
        ShadowException e = rejected(json);
        assertThat(e).as(json).isNotNull();
        assertThat(e.httpStatus()).isEqualTo(status);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @Test
    void readsClientTokenAndVersion() {
        ShadowUpdate update =
                parse("""
                {"state":{"desired":{"color":"red"}},"clientToken":"abc","version":7}""");
        assertThat(update.clientToken()).contains("abc");
        assertThat(update.version()).hasValue(7);
    }

    @Test
    void clientTokenAndVersionAreOptional() {
        ShadowUpdate update = parse("""
                {"state":{"reported":{"on":true}}}""");
        assertThat(update.clientToken()).isEmpty();
        assertThat(update.version()).isEmpty();
    }

    @Test
    void nullVersionAndNullTokenCountAsAbsent() {
        ShadowUpdate update = parse("""
                {"state":{},"clientToken":null,"version":null}""");
        assertThat(update.clientToken()).isEmpty();
        assertThat(update.version()).isEmpty();
    }

    @Test
    void membersOutsideStateAreIgnored() {
        ShadowUpdate update = parse(
                """
                {"state":{"desired":{"a":1}},"metadata":{"x":1},"timestamp":5,"foo":[1,2]}""");
        assertThat(update.sentState()).isEqualTo(tree("""
                {"desired":{"a":1}}"""));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{",
                "",
                "   ",
                "[]",
                "42",
                "\"state\"",
                "null",
                "{\"state\":{}} x",
                "{'state':{}}",
                "{\"state\":{\"desired\":{\"a\":01}}}"
            })
    void malformedBodyIsInvalidJson(String body) {
        ShadowException e = rejected(body);
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("Invalid JSON");
        assertThat(e.clientToken()).isEmpty();
    }

    @Test
    void invalidUtf8IsUnsupportedEncoding() {
        ShadowException e = rejected(new byte[] {'{', (byte) 0xC3, '}'});
        assertThat(e.httpStatus()).isEqualTo(415);
        assertThat(e.getMessage()).isEqualTo("Unsupported documented encoding; supported encoding is UTF-8");
    }

    @Test
    void utf16WithByteOrderMarkIsUnsupportedEncoding() {
        byte[] body = "{\"state\":{}}".getBytes(StandardCharsets.UTF_16);
        assertThat(rejected(body).httpStatus()).isEqualTo(415);
    }

    @Test
    void multiByteUtf8IsAccepted() {
        assertThat(parse("""
                {"state":{"reported":{"city":"Zürich ✓"}}}""")
                        .sentState())
                .isEqualTo(tree("""
                        {"reported":{"city":"Zürich ✓"}}"""));
    }

    @Test
    void missingStateIsRejectedWithToken() {
        ShadowException e = rejected("""
                {"clientToken":"t1","version":1}""");
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("Missing required node: state");
        assertThat(e.clientToken()).contains("t1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "\"s\"", "[]", "true"})
    void stateMustBeAnObject(String state) {
        assertRejected("{\"state\":" + state + "}", 400, "State node must be an object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "\"s\"", "[]", "[{}]", "false"})
    void desiredMustBeAnObject(String desired) {
        assertRejected("{\"state\":{\"desired\":" + desired + "}}", 400, "Desired node must be an object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "\"s\"", "[]", "true"})
    void reportedMustBeAnObject(String reported) {
        assertRejected("{\"state\":{\"reported\":" + reported + "}}", 400, "Reported node must be an object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"1\"", "1.5", "1.0", "-1", "true", "{}", "[1]", "1e3", "99999999999999999999"})
    void versionMustBeANonNegativeInteger(String version) {
        ShadowException e = rejected("{\"state\":{},\"clientToken\":\"t2\",\"version\":" + version + "}");
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("Invalid version");
        assertThat(e.clientToken()).contains("t2");
    }

    @Test
    void versionZeroIsValid() {
        assertThat(parse("""
                {"state":{},"version":0}""").version())
                .hasValue(0);
    }

    @Test
    void clientTokenOf64BytesIsAccepted() {
        String token = "a".repeat(64);
        assertThat(parse("{\"state\":{},\"clientToken\":\"" + token + "\"}").clientToken())
                .contains(token);
    }

    @Test
    void clientTokenOf65BytesIsRejectedWithoutEcho() {
        ShadowException e = rejected("{\"state\":{},\"clientToken\":\"" + "a".repeat(65) + "\"}");
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("Invalid clientToken");
        assertThat(e.clientToken()).isEmpty();
    }

    @Test
    void clientTokenLimitCountsUtf8Bytes() {
        assertThat(parse("{\"state\":{},\"clientToken\":\"" + "é".repeat(32) + "\"}")
                        .clientToken())
                .isPresent();
        assertRejected("{\"state\":{},\"clientToken\":\"" + "é".repeat(33) + "\"}", 400, "Invalid clientToken");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "true", "{}", "[\"t\"]"})
    void clientTokenMustBeAString(String token) {
        assertRejected("{\"state\":{},\"clientToken\":" + token + "}", 400, "Invalid clientToken");
    }

    @Test
    void stateNullIsValidAndClearsState() {
        ShadowUpdate update = parse("""
                {"state":null}""");
        assertThat(update.clearsState()).isTrue();
    }

    @Test
    void sectionsMayBeNull() {
        ShadowUpdate update = parse("""
                {"state":{"desired":null,"reported":{"a":1}}}""");
        assertThat(update.clearsState()).isFalse();
        assertThat(update.desired().isNull()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo", "metadata", "Desired", "version"})
    void unknownMemberOfStateIsAnInvalidNode(String member) {
        assertRejected("{\"state\":{\"desired\":{},\"" + member + "\":{}}}", 400, "State contains an invalid node");
    }

    @Test
    void deltaInStateIsIgnored() {
        ShadowUpdate update =
                parse("""
                {"state":{"desired":{"a":1},"reported":{"a":2},"delta":{"a":1}}}""");
        assertThat(update.sentState()).isEqualTo(tree("""
                {"desired":{"a":1},"reported":{"a":2}}"""));
    }

    @Test
    void sixLevelsAreAccepted() {
        parse("""
                {"state":{"desired":{"1":{"2":{"3":{"4":{"5":{"6":"x"}}}}}}}}""");
        parse("""
                {"state":{"reported":{"1":{"2":{"3":{"4":{"5":{"6":"x"}}}}}}}}""");
    }

    @Test
    void sevenLevelsAreRejected() {
        assertRejected(
                """
                {"state":{"desired":{"1":{"2":{"3":{"4":{"5":{"6":{"7":"x"}}}}}}}}}""",
                400,
                "JSON contains too many levels of nesting; maximum is 6");
        assertRejected(
                """
                {"state":{"desired":{"a":1},"reported":{"1":{"2":{"3":{"4":{"5":{"6":{"7":"x"}}}}}}}}}""",
                400,
                "JSON contains too many levels of nesting; maximum is 6");
    }

    @Test
    void arraysCountAsLevels() {
        parse("""
                {"state":{"desired":{"a":[[[[[1]]]]]}}}""");
        assertRejected(
                """
                {"state":{"desired":{"a":[[[[[[1]]]]]]}}}""",
                400,
                "JSON contains too many levels of nesting; maximum is 6");
    }

    @Test
    void emptyContainersAreValuesNotLevels() {
        parse("""
                {"state":{"desired":{"1":{"2":{"3":{"4":{"5":{"6":{},"7":[]}}}}}}}}""");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[null]", "[1,null]", "[[null]]", "[{\"a\":null}]", "{\"b\":[\"x\",null]}"})
    void nullInsideAnArrayIsAnInvalidNode(String value) {
        assertRejected("{\"state\":{\"reported\":{\"a\":" + value + "}}}", 400, "State contains an invalid node");
    }

    @Test
    void nullOutsideArraysIsADelete() {
        assertThat(parse("""
                {"state":{"desired":{"a":null,"b":{"c":null}}}}""")
                        .desired())
                .isEqualTo(tree("""
                        {"a":null,"b":{"c":null}}"""));
    }
}
