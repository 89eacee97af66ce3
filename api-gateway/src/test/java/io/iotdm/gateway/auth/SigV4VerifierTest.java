package io.iotdm.gateway.auth;

import static io.iotdm.gateway.auth.SdkSigning.AKID;
import static io.iotdm.gateway.auth.SdkSigning.NOW;
import static io.iotdm.gateway.auth.SdkSigning.SECRET;
import static io.iotdm.gateway.auth.SdkSigning.signAndReceive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static software.amazon.awssdk.http.SdkHttpMethod.GET;
import static software.amazon.awssdk.http.SdkHttpMethod.POST;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Verifier behaviour and exact AWS error codes/statuses/messages, with requests signed by the SDK v2 signer. */
class SigV4VerifierTest {

    static final String HOST = "http://127.0.0.1:8080";
    static final byte[] BODY =
            "{\"attributePayload\":{\"attributes\":{\"a\":\"b c\"}}}".getBytes(StandardCharsets.UTF_8);
    static final Map<String, List<String>> JSON = Map.of("Content-Type", List.of("application/json"));
    static final SigV4Verifier V = SdkSigning.verifier(NOW);

    static SigV4Request createThing(SdkSigning.Opts o) {
        return signAndReceive(POST, HOST + "/things/dev%3A1_a", JSON, BODY, o);
    }

    static SigV4Request with(SigV4Request r, String header, String value) {
        Map<String, List<String>> h = new LinkedHashMap<>(r.headers());
        h.remove(header);
        if (value != null) h.put(header, List.of(value));
        return SigV4Request.of(r.method(), r.rawPath(), r.rawQuery(), h, r.body());
    }

    static SigV4Request raw(String authorization, String amzDate) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("Host", List.of("127.0.0.1:8080"));
        if (amzDate != null) h.put("X-Amz-Date", List.of(amzDate));
        if (authorization != null) h.put("Authorization", List.of(authorization));
        return SigV4Request.of("GET", "/things", null, h, new byte[0]);
    }

    static void fails(int status, String code, String message, Executable e) {
        SigV4Exception ex = assertThrows(SigV4Exception.class, e);
        assertEquals(code, ex.errorCode());
        assertEquals(status, ex.httpStatus());
        if (message != null) assertEquals(message, ex.getMessage());
    }

    static final String SCOPE = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/us-east-1/iot/aws4_request";

    @Test
    void thePrecheckLooksAtEverythingButTheBodyAndTheSignature() throws Exception {
        SigV4Request signed = createThing(SdkSigning.Opts.iot());
        // what the gateway knows before it reads the body: the headers, no body
        V.precheck(SigV4Request.of(signed.method(), signed.rawPath(), signed.rawQuery(), signed.headers(), null));
        V.precheck(raw(SCOPE + ", SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64), "20261126T083000Z"));

        fails(
                403,
                "MissingAuthenticationTokenException",
                "Missing Authentication Token",
                () -> V.precheck(raw(null, null)));
        fails(
                403,
                "UnrecognizedClientException",
                "The security token included in the request is invalid.",
                () -> V.precheck(raw(
                        SCOPE.replace("AKIDEXAMPLE", "AKIDUNKNOWN") + ", SignedHeaders=host;x-amz-date, Signature=00",
                        "20261126T083000Z")));
        fails(
                403,
                "InvalidSignatureException",
                "Signature not yet current: 99991231T235959Z is still later than 20261126T084500Z "
                        + "(20261126T083000Z + 15 min.)",
                () -> V.precheck(raw(
                        SCOPE.replace("20261126", "99991231") + ", SignedHeaders=host;x-amz-date, Signature=00",
                        "99991231T235959Z")));
    }

    @Test
    void headerFormOk() throws Exception {
        VerifiedIdentity id = V.verify(createThing(SdkSigning.Opts.iot()));
        assertEquals(AKID, id.accessKeyId());
        assertEquals("us-east-1", id.region());
        assertEquals("iot", id.service());
        assertEquals(NOW, id.signedAt());
        assertFalse(id.presigned());
        assertTrue(id.payloadSigned());
        assertEquals(SigV4Canonical.sha256Hex(BODY), id.payloadHash());
    }

    @Test
    void scopeServiceIsReturnedForRouting() throws Exception {
        for (String service : List.of("iot", "iotdata", "iot-jobs-data", "signer", "execute-api")) {
            assertEquals(
                    service,
                    V.verify(createThing(SdkSigning.Opts.iot().service(service)))
                            .service());
        }
    }

    @Test
    void precomputedBodyHash() throws Exception {
        SigV4Request r = createThing(SdkSigning.Opts.iot());
        V.verify(SigV4Request.withBodyHash(
                r.method(),
                r.rawPath(),
                r.rawQuery(),
                r.headers(),
                SigV4Canonical.sha256Hex(BODY).toUpperCase()));
    }

    @Test
    void missingAuthentication() {
        fails(
                403,
                "MissingAuthenticationTokenException",
                "Missing Authentication Token",
                () -> V.verify(raw(null, "20261126T083000Z")));
    }

    @Test
    void bothHeaderAndQueryAuth() {
        SigV4Request r = createThing(SdkSigning.Opts.iot());
        fails(
                403,
                "InvalidSignatureException",
                "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
                () -> V.verify(SigV4Request.of(
                        r.method(), r.rawPath(), "X-Amz-Algorithm=AWS4-HMAC-SHA256", r.headers(), r.body())));
    }

    @Test
    void malformedAuthorizationHeaders() {
        String stray = SCOPE.replace("Credential=", "Credential= ") + ", SignedHeaders=host;x-amz-date, Signature=abc";
        fails(
                403,
                "IncompleteSignatureException",
                "'AKIDEXAMPLE/20261126/us-east-1/iot/aws4_request' not a valid "
                        + "key=value pair (missing equal-sign) in Authorization header: '" + stray + "'.",
                () -> V.verify(raw(stray, "20261126T083000Z")));
        fails(
                403,
                "IncompleteSignatureException",
                "Authorization header requires 'Credential' parameter. "
                        + "Authorization header requires 'Signature' parameter. Authorization header requires "
                        + "'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a "
                        + "'Date' header. Authorization=AWS AKIDEXAMPLE:c2lnbmF0dXJl",
                () -> V.verify(raw("AWS AKIDEXAMPLE:c2lnbmF0dXJl", null)));
        fails(
                403,
                "IncompleteSignatureException",
                "Authorization header requires 'Signature' parameter. " + "Authorization=" + SCOPE
                        + ", SignedHeaders=host;x-amz-date",
                () -> V.verify(raw(SCOPE + ", SignedHeaders=host;x-amz-date", "20261126T083000Z")));
    }

    @Test
    void badDateFormat() {
        fails(
                403,
                "IncompleteSignatureException",
                "Date must be in ISO-8601 'basic format'. Got "
                        + "'2026-11-26T08:30:00Z'. See http://en.wikipedia.org/wiki/ISO_8601",
                () -> V.verify(with(createThing(SdkSigning.Opts.iot()), "X-Amz-Date", "2026-11-26T08:30:00Z")));
    }

    @Test
    void staleAndFutureDates() throws Exception {
        fails(
                403,
                "InvalidSignatureException",
                "Signature expired: 20261126T080000Z is now earlier than "
                        + "20261126T081500Z (20261126T083000Z - 15 min.)",
                () -> V.verify(createThing(SdkSigning.Opts.iot().at(Instant.parse("2026-11-26T08:00:00Z")))));
        fails(
                403,
                "InvalidSignatureException",
                "Signature not yet current: 20261126T084600Z is still later than "
                        + "20261126T084500Z (20261126T083000Z + 15 min.)",
                () -> V.verify(createThing(SdkSigning.Opts.iot().at(Instant.parse("2026-11-26T08:46:00Z")))));
        // the window is inclusive at exactly 15 minutes either side
        V.verify(createThing(SdkSigning.Opts.iot().at(Instant.parse("2026-11-26T08:15:00Z"))));
        V.verify(createThing(SdkSigning.Opts.iot().at(Instant.parse("2026-11-26T08:45:00Z"))));
    }

    @Test
    void hostMustBeSigned() {
        fails(
                403,
                "InvalidSignatureException",
                "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
                () -> V.verify(raw(SCOPE + ", SignedHeaders=x-amz-date, Signature=abc", "20261126T083000Z")));
    }

    @Test
    void unsupportedAlgorithm() {
        String h = SCOPE.replace("SHA256", "SHA512") + ", SignedHeaders=host;x-amz-date, Signature=abc";
        fails(
                403,
                "IncompleteSignatureException",
                "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now). ",
                () -> V.verify(raw(h, "20261126T083000Z")));
    }

    @Test
    void badCredentialScope() {
        fails(
                403,
                "IncompleteSignatureException",
                "Credential must have exactly 5 slash-delimited elements, "
                        + "e.g. keyid/date/region/service/term, got 'AKIDEXAMPLE/20261126/us-east-1/iot'",
                () -> V.verify(raw(
                        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/us-east-1/iot, "
                                + "SignedHeaders=host;x-amz-date, Signature=abc",
                        "20261126T083000Z")));
        fails(
                403,
                "InvalidSignatureException",
                "Credential should be scoped with a valid terminator: "
                        + "'aws4_request', not 'aws4_req'. Date in Credential scope does not match YYYYMMDD from ISO-8601 "
                        + "version of date from HTTP: '20261125' != '20261126', from '20261126T083000Z'.",
                () -> V.verify(raw(
                        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/iot/aws4_req, "
                                + "SignedHeaders=host;x-amz-date, Signature=abc",
                        "20261126T083000Z")));
    }

    @Test
    void unknownAccessKey() {
        SigV4Verifier nobody = new SigV4Verifier(k -> Optional.empty(), Clock.fixed(NOW, ZoneOffset.UTC));
        fails(
                403,
                "UnrecognizedClientException",
                "The security token included in the request is invalid.",
                () -> nobody.verify(createThing(SdkSigning.Opts.iot())));
    }

    @Test
    void wrongSecretAndTampering() {
        String mismatch = "The request signature we calculated does not match the signature you provided. Check "
                + "your AWS Secret Access Key and signing method. Consult the service documentation for details.";
        fails(
                403,
                "InvalidSignatureException",
                mismatch,
                () -> V.verify(createThing(SdkSigning.Opts.iot().secret("wrong"))));
        SigV4Request ok = createThing(SdkSigning.Opts.iot());
        // body changed after signing (x-amz-content-sha256 no longer matches the body)
        fails(
                403,
                "InvalidSignatureException",
                mismatch,
                () -> V.verify(SigV4Request.of(
                        ok.method(),
                        ok.rawPath(),
                        ok.rawQuery(),
                        ok.headers(),
                        "{\"x\":1}".getBytes(StandardCharsets.UTF_8))));
        // same, with the lying hash header removed: the body hash itself no longer matches
        fails(
                403,
                "InvalidSignatureException",
                null,
                () -> V.verify(SigV4Request.of(
                        ok.method(),
                        ok.rawPath(),
                        ok.rawQuery(),
                        with(ok, "x-amz-content-sha256", null).headers(),
                        new byte[0])));
        fails(
                403,
                "InvalidSignatureException",
                mismatch,
                () -> V.verify(
                        SigV4Request.of(ok.method(), "/things/dev%3A1_b", ok.rawQuery(), ok.headers(), ok.body())));
        fails(
                403,
                "InvalidSignatureException",
                mismatch,
                () -> V.verify(SigV4Request.of(ok.method(), ok.rawPath(), "force=true", ok.headers(), ok.body())));
        fails(
                403,
                "InvalidSignatureException",
                mismatch,
                () -> V.verify(SigV4Request.of("PUT", ok.rawPath(), ok.rawQuery(), ok.headers(), ok.body())));
        fails(403, "InvalidSignatureException", mismatch, () -> V.verify(with(ok, "Content-Type", "text/plain")));
    }

    @Test
    void unsignedHeadersMayChange() throws Exception {
        V.verify(with(createThing(SdkSigning.Opts.iot()), "User-Agent", "something else"));
    }

    @Test
    void duplicateHeadersAndWhitespace() throws Exception {
        Map<String, List<String>> h = new LinkedHashMap<>(JSON);
        h.put("X-Custom", List.of("  a   b ", "c")); // signed by the SDK as "x-custom:a b,c"
        V.verify(signAndReceive(POST, HOST + "/things/t", h, BODY, SdkSigning.Opts.iot()));
    }

    @Test
    void unsignedPayload() throws Exception {
        SigV4Request r = createThing(SdkSigning.Opts.iot().unsignedPayloadOverHttps());
        assertEquals("UNSIGNED-PAYLOAD", r.header("x-amz-content-sha256"));
        VerifiedIdentity id = V.verify(SigV4Request.of(
                r.method(), r.rawPath(), r.rawQuery(), r.headers(), "anything".getBytes(StandardCharsets.UTF_8)));
        assertFalse(id.payloadSigned());
    }

    @Test
    void streamingPayloadRejectedUnlessAllowed() throws Exception {
        SigV4Request seed = SdkSigning.received(
                AwsV4HttpSigner.create()
                        .sign(r -> r.identity(AwsCredentialsIdentity.create(AKID, SECRET))
                                .request(SdkSigning.request(
                                        software.amazon.awssdk.http.SdkHttpMethod.PUT,
                                        HOST + "/bucket/key",
                                        Map.of("Content-Length", List.of("5"))))
                                .payload(ContentStreamProvider.fromUtf8String("hello"))
                                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                                .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, true)
                                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC)))
                        .request(),
                null);
        assertEquals("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", seed.header("x-amz-content-sha256"));
        fails(400, "InvalidRequestException", null, () -> V.verify(seed));
        SigV4Verifier lenient = new SigV4Verifier(
                k -> Optional.of(new SigV4Verifier.Credentials(SECRET)), Clock.fixed(NOW, ZoneOffset.UTC), true, false);
        VerifiedIdentity id = lenient.verify(seed); // seed signature only; chunks are the caller's job
        assertEquals("s3", id.service());
        assertFalse(id.payloadSigned());
    }

    @Test
    void sessionTokens() throws Exception {
        SigV4Verifier sts = new SigV4Verifier(
                k -> Optional.of(new SigV4Verifier.Credentials(SECRET, "token-1")), Clock.fixed(NOW, ZoneOffset.UTC));
        assertEquals(
                "token-1",
                sts.verify(createThing(SdkSigning.Opts.iot().token("token-1"))).sessionToken());
        String invalid = "The security token included in the request is invalid.";
        fails(
                403,
                "UnrecognizedClientException",
                invalid,
                () -> sts.verify(createThing(SdkSigning.Opts.iot().token("token-2"))));
        fails(403, "UnrecognizedClientException", invalid, () -> sts.verify(createThing(SdkSigning.Opts.iot())));
        fails(
                403,
                "UnrecognizedClientException",
                invalid, // long-term keys plus a token
                () -> V.verify(createThing(SdkSigning.Opts.iot().token("token-1"))));
    }

    static SigV4Request presigned(SdkSigning.Opts o) {
        return signAndReceive(
                GET,
                HOST + "/things?maxResults=1&attributeValue=a%20b%2Fc",
                Map.of(),
                null,
                o.presign(Duration.ofMinutes(5)));
    }

    @Test
    void presignedOk() throws Exception {
        SigV4Request r = presigned(SdkSigning.Opts.iot());
        assertNull(r.header("Authorization"));
        VerifiedIdentity id = V.verify(r);
        assertTrue(id.presigned());
        assertEquals("iot", id.service());
        // SDK v2 presigns a body-less request with the empty-body hash by default ...
        assertEquals(SigV4Canonical.sha256Hex(new byte[0]), id.payloadHash());
        // ... and with UNSIGNED-PAYLOAD when payload signing is off (what S3-style presigners do)
        assertEquals(
                "UNSIGNED-PAYLOAD",
                V.verify(presigned(SdkSigning.Opts.iot().unsignedPayloadOverHttps()))
                        .payloadHash());
        // still valid at the last second of X-Amz-Expires
        SdkSigning.verifier(NOW.plusSeconds(300)).verify(r);
    }

    @Test
    void presignedExpiredOrTampered() {
        SigV4Request r = presigned(SdkSigning.Opts.iot());
        fails(
                403,
                "InvalidSignatureException",
                "Signature expired: 20261126T083000Z is now earlier than "
                        + "20261126T083001Z (20261126T083501Z - 5 min.)",
                () -> SdkSigning.verifier(NOW.plusSeconds(301)).verify(r));
        fails(
                403,
                "InvalidSignatureException",
                null,
                () -> V.verify(withQueryReplaced(r, "maxResults=1", "maxResults=2")));
        fails(
                403,
                "InvalidSignatureException",
                null,
                () -> V.verify(withQueryReplaced(r, "X-Amz-Expires=300", "X-Amz-Expires=3000")));
        fails(
                403,
                "InvalidSignatureException",
                null,
                () -> V.verify(SigV4Request.of(r.method(), "/things/x", r.rawQuery(), r.headers(), r.body())));
    }

    @Test
    void presignedMalformed() {
        fails(
                403,
                "IncompleteSignatureException",
                "AWS query-string parameters must include 'X-Amz-Credential'. "
                        + "AWS query-string parameters must include 'X-Amz-Signature'. AWS query-string parameters must "
                        + "include 'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Date'. "
                        + "Re-examine the query-string parameters.",
                () -> V.verify(SigV4Request.of(
                        "GET", "/things", "X-Amz-Algorithm=AWS4-HMAC-SHA256", Map.of("Host", List.of("h")), null)));
        SigV4Request r = presigned(SdkSigning.Opts.iot());
        fails(
                403,
                "IncompleteSignatureException",
                "X-Amz-Expires must be less than a week (in seconds); that is, "
                        + "the given X-Amz-Expires must be less than 604800 seconds",
                () -> V.verify(SigV4Request.of(
                        "GET",
                        r.rawPath(),
                        r.rawQuery().replace("X-Amz-Expires=300", "X-Amz-Expires=604801"),
                        r.headers(),
                        null)));
    }

    @Test
    void presignedSessionTokens() throws Exception {
        SigV4Verifier sts = new SigV4Verifier(
                k -> Optional.of(new SigV4Verifier.Credentials(SECRET, "tok/en+1")), Clock.fixed(NOW, ZoneOffset.UTC));
        // SDK v2 puts X-Amz-Security-Token into the signed query
        SigV4Request signedToken = presigned(SdkSigning.Opts.iot().token("tok/en+1"));
        assertTrue(signedToken.rawQuery().contains("X-Amz-Security-Token="));
        assertEquals("tok/en+1", sts.verify(signedToken).sessionToken());
        // IoT MQTT-over-WebSocket convention: token appended after signing, outside the canonical query
        SigV4Request r = presigned(SdkSigning.Opts.iot());
        assertEquals(
                "tok/en+1",
                sts.verify(SigV4Request.of(
                                r.method(),
                                r.rawPath(),
                                r.rawQuery() + "&X-Amz-Security-Token=tok%2Fen%2B1",
                                r.headers(),
                                null))
                        .sessionToken());
    }

    @Test
    void presignedWithBotocoreStyleBodyHash() throws Exception {
        // botocore presigns non-S3 requests with the hash of the (empty) body rather than UNSIGNED-PAYLOAD:
        // simulate by signing the presign with payload signing on.
        SigV4Request r = SdkSigning.received(
                AwsV4HttpSigner.create()
                        .sign(s -> s.identity(AwsCredentialsIdentity.create(AKID, SECRET))
                                .request(SdkSigning.request(GET, HOST + "/things", Map.of()))
                                .payload(ContentStreamProvider.fromByteArray(new byte[0]))
                                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "iot")
                                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                                .putProperty(
                                        AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(5))
                                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC)))
                        .request(),
                null);
        VerifiedIdentity id = V.verify(r);
        assertTrue(id.payloadSigned(), id.payloadHash());
    }

    @Test
    void verboseMismatchCarriesCanonicalRequest() {
        SigV4Verifier verbose = new SigV4Verifier(
                k -> Optional.of(new SigV4Verifier.Credentials("wrong")),
                Clock.fixed(NOW, ZoneOffset.UTC),
                false,
                true);
        SigV4Exception e = assertThrows(SigV4Exception.class, () -> verbose.verify(createThing(SdkSigning.Opts.iot())));
        assertTrue(
                e.getMessage()
                        .contains("\n\nThe Canonical String for this request should have been\n'POST\n"
                                + "/things/dev%253A1_a\n\n"),
                e.getMessage());
        assertTrue(
                e.getMessage()
                        .contains("\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n"
                                + "20261126T083000Z\n20261126/us-east-1/iot/aws4_request\n"),
                e.getMessage());
        assertTrue(e.jsonBody().startsWith("{\"message\":\"The request signature we calculated"));
        assertTrue(e.jsonBody().contains("\\n\\nThe Canonical String"));
    }

    /** The same request with one part of its query changed after signing. */
    private static SigV4Request withQueryReplaced(SigV4Request r, String from, String to) {
        return SigV4Request.of(r.method(), r.rawPath(), r.rawQuery().replace(from, to), r.headers(), r.body());
    }
}
