package io.iotdm.aws.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestBodiesTest {

    @Test
    void anEmptyOrBlankBodyHasNoMembers() {
        assertThat(RequestBodies.read(new byte[0])).isEmpty();
        assertThat(RequestBodies.read(bytes(" \n"))).isEmpty();
        assertThat(RequestBodies.read(bytes("{\"thingName\": \"lamp-1\"} "))
                        .get("thingName")
                        .textValue())
                .isEqualTo("lamp-1");
    }

    @Test
    void malformedJsonSaysWhatIsWrongAndWhere() {
        assertRejected(
                bytes("{\"thingName\": lamp}"),
                "The request body is not valid JSON: Unrecognized token 'lamp': was expecting (JSON String, Number,"
                        + " Array, Object or token 'null', 'true' or 'false') (line 1, column 15)");
    }

    @Test
    void aTruncatedBodyEndsTooEarly() {
        assertRejected(
                bytes("{\"thingName\": \"lamp-1\""),
                "The request body ends before its JSON object is complete (line 1, column 23)");
    }

    @Test
    void invalidUtf8IsNamed() {
        byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

        assertThat(rejected(body).getMessage()).startsWith("The request body is not valid JSON: Invalid UTF-8");
    }

    @Test
    void nestingIsBounded() {
        assertRejected(
                bytes("{\"a\":" + "[".repeat(1000) + "]".repeat(1000) + "}"),
                "The request body nests JSON arrays and objects deeper than 32 levels");
        assertThat(RequestBodies.read(bytes("{\"a\":" + "[".repeat(30) + "]".repeat(30) + "}")))
                .hasSize(1);
    }

    @Test
    void nothingMayFollowTheObject() {
        assertRejected(
                bytes("{\"thingName\": \"lamp-1\"} garbage"),
                "The request body is not valid JSON: Unrecognized token 'garbage': was expecting (JSON String,"
                        + " Number, Array, Object or token 'null', 'true' or 'false') (line 1, column 25)");
        assertRejected(
                bytes("{\"thingName\": \"lamp-1\"} {}"),
                "The request body has more after its JSON object (line 1, column 25)");
    }

    @Test
    void theBodyIsAnObject() {
        assertRejected(bytes("[1, 2]"), "The request body must be a JSON object, not array [1,2]");
        assertRejected(bytes("\"lamp\""), "The request body must be a JSON object, not string \"lamp\"");
    }

    private static void assertRejected(byte[] body, String message) {
        assertThat(rejected(body).getMessage()).isEqualTo(message);
    }

    private static AwsServiceException rejected(byte[] body) {
        AwsServiceException error = catchThrowableOfType(AwsServiceException.class, () -> RequestBodies.read(body));
        assertThat(error).as("rejected").isNotNull();
        assertThat(error.code().name()).isEqualTo("SerializationException");
        assertThat(error.httpStatus()).isEqualTo(400);
        return error;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
