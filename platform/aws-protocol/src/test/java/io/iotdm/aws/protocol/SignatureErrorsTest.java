package io.iotdm.aws.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignatureErrorsTest {

    private static final Instant NOW = Instant.parse("2019-04-30T10:54:09Z");

    @Test
    void aRequestWithoutAuthenticationLacksTheToken() {
        assertError(
                SignatureErrors.missingAuthenticationToken(),
                "MissingAuthenticationTokenException",
                403,
                "Missing Authentication Token");
    }

    @Test
    void anIncompleteAuthorizationHeaderNamesWhatItLacks() {
        assertError(
                SignatureErrors.incompleteSignature(List.of("Signature", "SignedHeaders"), true, "AWS4-HMAC-SHA256 x"),
                "IncompleteSignatureException",
                400,
                "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders'"
                        + " parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date'"
                        + " header. Authorization=AWS4-HMAC-SHA256 x");
    }

    @Test
    void anUnknownAccessKeyIsAnUnrecognizedClient() {
        assertError(
                SignatureErrors.unrecognizedClient(),
                "UnrecognizedClientException",
                403,
                "The security token included in the request is invalid.");
    }

    @Test
    void aWrongSignatureShowsWhatTheServerSigned() {
        assertError(
                SignatureErrors.signatureDoesNotMatch("GET\n/things\n", "AWS4-HMAC-SHA256\n20190430T105409Z"),
                "InvalidSignatureException",
                403,
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret"
                        + " Access Key and signing method. Consult the service documentation for details.\n\nThe"
                        + " Canonical String for this request should have been\n'GET\n/things\n'\n\nThe String-to-Sign"
                        + " should have been\n'AWS4-HMAC-SHA256\n20190430T105409Z'\n");
    }

    @Test
    void aSignatureOutsideTheWindowIsExpiredOrNotYetCurrent() {
        Duration fiveMinutes = Duration.ofMinutes(5);

        assertError(
                SignatureErrors.signatureOutsideWindow(Instant.parse("2019-04-30T07:57:32Z"), NOW, fiveMinutes),
                "InvalidSignatureException",
                403,
                "Signature expired: 20190430T075732Z is now earlier than 20190430T104909Z (20190430T105409Z - 5 min.)");
        assertError(
                SignatureErrors.signatureOutsideWindow(Instant.parse("2019-04-30T11:35:29Z"), NOW, fiveMinutes),
                "InvalidSignatureException",
                403,
                "Signature not yet current: 20190430T113529Z is still later than 20190430T105909Z (20190430T105409Z +"
                        + " 5 min.)");
    }

    @Test
    void aCredentialScopedElsewhereNamesTheScope() {
        assertError(
                SignatureErrors.wrongRegion("eu-west-1"),
                "InvalidSignatureException",
                403,
                "Credential should be scoped to a valid region, not 'eu-west-1'. ");
        assertError(
                SignatureErrors.wrongService("iot"),
                "InvalidSignatureException",
                403,
                "Credential should be scoped to correct service: 'iot'. ");
    }

    private static void assertError(AwsServiceException error, String name, int status, String message) {
        assertThat(error.code().name()).isEqualTo(name);
        assertThat(error.httpStatus()).isEqualTo(status);
        assertThat(error.getMessage()).isEqualTo(message);
    }
}
