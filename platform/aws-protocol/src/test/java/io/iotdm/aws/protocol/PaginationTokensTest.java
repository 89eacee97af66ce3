package io.iotdm.aws.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PaginationTokensTest {

    private static final byte[] SECRET = "an example secret of 32 bytes!!!".getBytes(StandardCharsets.UTF_8);
    private static final Map<String, String> LAMPS = Map.of("thingTypeName", "lamp", "attributeName", "site");

    private final PaginationTokens tokens = new PaginationTokens(SECRET);

    @Test
    void aTokenGivesBackItsCursorForTheSameRequest() {
        String token = tokens.issue("ListThings", LAMPS, "lamp-42|ü");

        assertThat(token).matches("[A-Za-z0-9_-]+").doesNotContain("lamp-42");
        assertThat(tokens.cursor("ListThings", Map.of("attributeName", "site", "thingTypeName", "lamp"), token))
                .isEqualTo("lamp-42|ü");
        assertThat(new PaginationTokens(SECRET.clone()).cursor("ListThings", LAMPS, token))
                .as("another instance with the same secret")
                .isEqualTo("lamp-42|ü");
    }

    @Test
    void aMarkerIsStandardBase64AndGivesBackItsCursor() {
        String marker = tokens.issueMarker("ListPolicies", Map.of(), "2026-12-07T10:58:33Z lamp-?>?");

        assertThat(marker).matches("[A-Za-z0-9+/]+={0,2}"); // the Marker shape's pattern
        assertThat(tokens.cursor("ListPolicies", Map.of(), marker)).isEqualTo("2026-12-07T10:58:33Z lamp-?>?");
        assertInvalid(() -> tokens.cursor("ListCertificates", Map.of(), marker));
    }

    @Test
    void aTokenOfAnotherOperationOrOtherFiltersIsInvalid() {
        String token = tokens.issue("ListThings", LAMPS, "lamp-42");

        assertInvalid(() -> tokens.cursor("ListThingTypes", LAMPS, token));
        assertInvalid(() -> tokens.cursor("ListThings", Map.of("thingTypeName", "lamp"), token));
        assertInvalid(
                () -> tokens.cursor("ListThings", Map.of("thingTypeName", "fan", "attributeName", "site"), token));
    }

    @Test
    void aForgedTokenIsInvalid() {
        String token = tokens.issue("ListThings", LAMPS, "lamp-42");
        byte[] bytes = Base64.getUrlDecoder().decode(token);
        bytes[0] ^= 1; // another cursor under the old MAC

        assertInvalid(() -> tokens.cursor(
                "ListThings", LAMPS, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)));
        assertInvalid(() -> new PaginationTokens("another secret of thirty-two b!!".getBytes(StandardCharsets.UTF_8))
                .cursor("ListThings", LAMPS, token));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "AAAA", "not base64!", "%%%"})
    void aMalformedTokenIsInvalid(String token) {
        assertInvalid(() -> tokens.cursor("ListThings", LAMPS, token));
    }

    @Test
    void refusesAShortSecret() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PaginationTokens(new byte[16]))
                .withMessage("A pagination secret needs at least 32 bytes");
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable decode) {
        assertThatThrownBy(decode).isInstanceOfSatisfying(AwsServiceException.class, invalid -> {
            assertThat(invalid.code().name()).isEqualTo("InvalidRequestException");
            assertThat(invalid.httpStatus()).isEqualTo(400);
            assertThat(invalid.getMessage()).isEqualTo("Invalid pagination token");
        });
    }
}
