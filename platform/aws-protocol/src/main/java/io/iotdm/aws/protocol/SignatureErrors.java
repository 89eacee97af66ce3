package io.iotdm.aws.protocol;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * AWS's answers to requests whose SigV4 authentication fails, with the texts AWS services send (REST-JSON services
 * answer them with 403, except a malformed Authorization header, 400).
 */
public final class SignatureErrors {

    private static final AwsErrorCode MISSING_TOKEN = AwsErrorCode.protocol("MissingAuthenticationTokenException", 403);
    private static final AwsErrorCode INCOMPLETE = AwsErrorCode.protocol("IncompleteSignatureException", 400);
    private static final AwsErrorCode INVALID = AwsErrorCode.protocol("InvalidSignatureException", 403);
    private static final AwsErrorCode UNRECOGNIZED = AwsErrorCode.protocol("UnrecognizedClientException", 403);
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private SignatureErrors() {}

    /** Neither an Authorization header nor a presigned query. */
    public static AwsServiceException missingAuthenticationToken() {
        return new AwsServiceException(MISSING_TOKEN, "Missing Authentication Token");
    }

    /**
     * An Authorization header that lacks parts, for example
     * "Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256 Credential=...".
     *
     * @param missingParameters the missing ones among {@code Credential}, {@code Signature}, {@code SignedHeaders}
     * @param missingDate whether neither {@code X-Amz-Date} nor {@code Date} was sent
     */
    public static AwsServiceException incompleteSignature(
            List<String> missingParameters, boolean missingDate, String authorization) {
        String missing = missingParameters.stream()
                .map(parameter -> "Authorization header requires '" + parameter + "' parameter. ")
                .collect(Collectors.joining());
        String date = missingDate
                ? "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
                : "";
        return new AwsServiceException(INCOMPLETE, missing + date + "Authorization=" + authorization);
    }

    /** An access key iotdm does not know. */
    public static AwsServiceException unrecognizedClient() {
        return new AwsServiceException(UNRECOGNIZED, "The security token included in the request is invalid.");
    }

    /** A signature that does not match; AWS shows what it signed, so that a client author can find the difference. */
    public static AwsServiceException signatureDoesNotMatch(String canonicalRequest, String stringToSign) {
        return new AwsServiceException(
                INVALID,
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret"
                        + " Access Key and signing method. Consult the service documentation for details.\n\n"
                        + "The Canonical String for this request should have been\n'" + canonicalRequest + "'\n\n"
                        + "The String-to-Sign should have been\n'" + stringToSign + "'\n");
    }

    /** A request signed too long before or after now. */
    public static AwsServiceException signatureOutsideWindow(Instant signedAt, Instant now, Duration window) {
        String minutes = window.toMinutes() + " min.)";
        String message = signedAt.isBefore(now)
                ? "Signature expired: " + AMZ_DATE.format(signedAt) + " is now earlier than "
                        + AMZ_DATE.format(now.minus(window)) + " (" + AMZ_DATE.format(now) + " - " + minutes
                : "Signature not yet current: " + AMZ_DATE.format(signedAt) + " is still later than "
                        + AMZ_DATE.format(now.plus(window)) + " (" + AMZ_DATE.format(now) + " + " + minutes;
        return new AwsServiceException(INVALID, message);
    }

    /** A credential scope with another region than the endpoint's (AWS's text ends with a space). */
    public static AwsServiceException wrongRegion(String scopeRegion) {
        return new AwsServiceException(
                INVALID, "Credential should be scoped to a valid region, not '" + scopeRegion + "'. ");
    }

    /** A credential scope with a service the endpoint does not serve. */
    public static AwsServiceException wrongService(String expectedService) {
        return new AwsServiceException(
                INVALID, "Credential should be scoped to correct service: '" + expectedService + "'. ");
    }
}
