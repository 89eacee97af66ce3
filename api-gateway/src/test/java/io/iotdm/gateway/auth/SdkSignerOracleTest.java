package io.iotdm.gateway.auth;

import static io.iotdm.gateway.auth.SdkSigning.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The SDK v2 signer as oracle: whatever it signs, the verifier must accept. And the evidence for why the verifier
 * cannot simply re-sign with the SDK signer.
 */
class SdkSignerOracleTest {

    static final List<String> PATHS = List.of(
            "/things/dev%3A1_a",
            "/things/a%20b~c%2Bd",
            "/things/%E2%82%AC",
            "/things/x_y-z.1",
            "/a/./b/../c",
            "/a//b",
            "/",
            "/things/%2F%25");
    static final List<String> QUERIES = List.of(
            "",
            "maxResults=5&attributeName=x&attributeValue=a%20b%2Fc",
            "b=2&a=1&a=0&A=9",
            "empty=&k=%7E%21%2A",
            "nextToken=abc%2Bdef%3D%3D&x=%E2%82%AC");
    static final List<String> SERVICES = List.of("iot", "iotdata", "iot-jobs-data", "signer");

    @Test
    void everythingTheSdkSignsVerifies() throws Exception {
        SigV4Verifier v = SdkSigning.verifier(NOW);
        byte[] body = "{\"k\":\"v \\u00e9\"}".getBytes(StandardCharsets.UTF_8);
        int n = 0;
        List<String> failures = new ArrayList<>();
        for (String service : SERVICES) {
            for (String path : PATHS) {
                for (String query : QUERIES) {
                    String url = "http://127.0.0.1:8443" + path + (query.isEmpty() ? "" : "?" + query);
                    Map<String, List<String>> h = Map.of(
                            "Content-Type", List.of("application/json"), "X-Amz-Target", List.of("  spaced   value "));
                    List<SigV4Request> reqs = List.of(
                            SdkSigning.signAndReceive(
                                    SdkHttpMethod.POST,
                                    url,
                                    h,
                                    body,
                                    SdkSigning.Opts.iot().service(service)),
                            SdkSigning.signAndReceive(
                                    SdkHttpMethod.GET,
                                    url,
                                    Map.of(),
                                    null,
                                    SdkSigning.Opts.iot().service(service)),
                            SdkSigning.signAndReceive(
                                    SdkHttpMethod.GET,
                                    url,
                                    Map.of(),
                                    null,
                                    SdkSigning.Opts.iot().service(service).presign(Duration.ofMinutes(15))));
                    for (SigV4Request r : reqs) {
                        n++;
                        try {
                            assertEquals(service, v.verify(r).service());
                        } catch (SigV4Exception e) {
                            failures.add(r.method() + " " + r.rawPath() + "?" + r.rawQuery() + " -> " + e.getMessage());
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), failures, n + " requests");
    }

    /**
     * The AWS test-suite "get-vanilla" request (SignedHeaders=host;x-amz-date, what botocore/the AWS CLI send for
     * IoT) cannot be reproduced by AwsV4HttpSigner: it always adds x-amz-content-sha256 to the signed headers.
     */
    @Test
    void sdkSignerCannotReproduceAHostAndDateOnlySignature() {
        SdkHttpRequest req = SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET)
                .protocol("https")
                .host("example.amazonaws.com")
                .encodedPath("/")
                .putHeader("Host", "example.amazonaws.com")
                .build();
        for (Boolean payloadSigning : new Boolean[] {null, true, false}) {
            SdkHttpRequest signed = AwsV4HttpSigner.create()
                    .sign(r -> {
                        r.identity(AwsCredentialsIdentity.create(
                                        "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"))
                                .request(req)
                                .payload(ContentStreamProvider.fromByteArray(new byte[0]))
                                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "service")
                                .putProperty(
                                        AwsV4HttpSigner.SIGNING_CLOCK,
                                        Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC));
                        if (payloadSigning != null)
                            r.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, payloadSigning);
                    })
                    .request();
            String authz = signed.firstMatchingHeader("Authorization").orElseThrow();
            assertTrue(authz.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date,"), authz);
            assertNotEquals(
                    "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
                    authz.substring(authz.indexOf("Signature=") + 10));
        }
    }

    /** Headers on the SDK's ignore list are never signed, even when a (non-SDK) client signed them. */
    @Test
    void sdkSignerDropsUserAgentAndExpect() {
        SdkHttpRequest signed = SdkSigning.sign(
                SdkSigning.request(
                        SdkHttpMethod.PUT,
                        "http://h/things/t",
                        Map.of(
                                "User-Agent",
                                List.of("curl/8"),
                                "Expect",
                                List.of("100-continue"),
                                "X-Amzn-Trace-Id",
                                List.of("Root=1"))),
                new byte[0],
                SdkSigning.Opts.iot());
        String authz = signed.firstMatchingHeader("Authorization").orElseThrow();
        assertTrue(authz.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date,"), authz);
    }

    /** The verifier, by contrast, honours any SignedHeaders list, e.g. a client that signs user-agent. */
    @Test
    void verifierHonoursClientSignedUserAgent() throws Exception {
        String date = "20261126T083000Z";
        String canonical = "GET\n/things\n\nhost:h\nuser-agent:curl/8\nx-amz-date:" + date + "\n\n"
                + "host;user-agent;x-amz-date\n" + SigV4Canonical.sha256Hex(new byte[0]);
        String sts = "AWS4-HMAC-SHA256\n" + date + "\n20261126/us-east-1/iot/aws4_request\n"
                + SigV4Canonical.sha256Hex(canonical);
        String sig = SigV4Canonical.hex(
                SigV4Canonical.hmac(SigV4Verifier.signingKey(SdkSigning.SECRET, "20261126", "us-east-1", "iot"), sts));
        SigV4Request r = SigV4Request.of(
                "GET",
                "/things",
                null,
                Map.of(
                        "Host",
                        List.of("h"),
                        "User-Agent",
                        List.of("curl/8"),
                        "X-Amz-Date",
                        List.of(date),
                        "Authorization",
                        List.of("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/us-east-1/iot/aws4_request, "
                                + "SignedHeaders=host;user-agent;x-amz-date, Signature=" + sig)),
                null);
        assertEquals("iot", SdkSigning.verifier(NOW).verify(r).service());
    }

    /** Spec-allowed but SDK-impossible: only a Date header (RFC 1123); the string-to-sign uses its ISO form. */
    @Test
    void verifierAcceptsDateHeaderInsteadOfXAmzDate() throws Exception {
        String canonical = "GET\n/things\n\ndate:Thu, 26 Nov 2026 08:30:00 GMT\nhost:h\n\ndate;host\n"
                + SigV4Canonical.sha256Hex(new byte[0]);
        String sts = "AWS4-HMAC-SHA256\n20261126T083000Z\n20261126/us-east-1/iot/aws4_request\n"
                + SigV4Canonical.sha256Hex(canonical);
        String sig = SigV4Canonical.hex(
                SigV4Canonical.hmac(SigV4Verifier.signingKey(SdkSigning.SECRET, "20261126", "us-east-1", "iot"), sts));
        SigV4Request r = SigV4Request.of(
                "GET",
                "/things",
                null,
                Map.of(
                        "Host",
                        List.of("h"),
                        "Date",
                        List.of("Thu, 26 Nov 2026 08:30:00 GMT"),
                        "Authorization",
                        List.of("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/us-east-1/iot/aws4_request, "
                                + "SignedHeaders=date;host, Signature=" + sig)),
                null);
        assertEquals(NOW, SdkSigning.verifier(NOW).verify(r).signedAt());
    }
}
