package io.iotdm.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Canonical-request pieces, and AWS's published SigV4 test-suite vectors. */
class SigV4CanonicalTest {

    @Test
    void nonS3PathIsNormalizedAndDoubleEncoded() {
        assertEquals("/things/dev%253A1_a", SigV4Canonical.uri("/things/dev%3A1_a", false));
        assertEquals("/things/a%2520b~c%252Bd", SigV4Canonical.uri("/things/a%20b~c%2Bd", false)); // from the CLI
        assertEquals("/things/x%3Ay", SigV4Canonical.uri("/things/x:y", false)); // unencoded ':' encoded once
        assertEquals("/a/b/d", SigV4Canonical.uri("/a//b/./c/../d", false));
        assertEquals("/a/b/d/", SigV4Canonical.uri("/a//b/./c/../d/", false));
        assertEquals("/foo/bar", SigV4Canonical.uri("/foo/bar/.", false));
        assertEquals("/", SigV4Canonical.uri("/", false));
        assertEquals("/", SigV4Canonical.uri("", false));
        assertEquals("/a/%252E%252E/b", SigV4Canonical.uri("/a/%2E%2E/b", false)); // encoded dots are not dot segments
    }

    @Test
    void s3PathIsTakenAsSent() {
        assertEquals("/bucket/a%20b/./c", SigV4Canonical.uri("/bucket/a%20b/./c", true));
    }

    @Test
    void queryIsRecodedAndSorted() {
        // what SDK v2 sends for listThings(attributeName=x, attributeValue="a b/c", maxResults=5)
        assertEquals(
                "attributeName=x&attributeValue=a%20b%2Fc&maxResults=5",
                SigV4Canonical.query("maxResults=5&attributeName=x&attributeValue=a%20b%2Fc", null));
        assertEquals("A=0&a=1&b=2", SigV4Canonical.query("b=2&a=1&A=0", null)); // byte order, 'A' < 'a'
        assertEquals("a=1&a=2", SigV4Canonical.query("a=2&a=1", null)); // repeated: by value
        assertEquals("flag=&x=", SigV4Canonical.query("flag&x=", null)); // no '=' signs as "="
        assertEquals("q=a%2Bb", SigV4Canonical.query("q=a+b", null)); // '+' is literal
        assertEquals("q=~%2F", SigV4Canonical.query("q=%7e%2f", null)); // canonical re-encoding
        assertEquals("q=%E2%82%AC", SigV4Canonical.query("q=\u20ac", null)); // raw UTF-8
        assertEquals("q=100%25", SigV4Canonical.query("q=100%", null)); // stray '%' is literal
        assertEquals("a=1", SigV4Canonical.query("a=1&&X-Amz-Signature=abc", "X-Amz-Signature"));
    }

    @Test
    void headerValuesAreTrimmedCollapsedAndJoined() {
        assertEquals("a b,c", SigV4Canonical.headerValue(List.of("  a   b ", "c")));
        assertEquals("a b", SigV4Canonical.headerValue(List.of("a\r\n\t b"))); // obs-fold
        assertEquals("", SigV4Canonical.headerValue(List.of("   ")));
        // SDK v2 and botocore collapse inside quoted strings too (the old spec's exception is not implemented)
        assertEquals("\"a b\"", SigV4Canonical.headerValue(List.of("\"a  b\"")));
    }

    // AWS SigV4 test suite (aws-sig-v4-test-suite), credentials AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
    private static final SigV4Verifier SUITE = new SigV4Verifier(
            k -> Optional.of(new SigV4Verifier.Credentials("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")),
            Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC));

    private static SigV4Request suite(String rawQuery, String signature) {
        return SigV4Request.of(
                "GET",
                "/",
                rawQuery,
                Map.of(
                        "Host", List.of("example.amazonaws.com"),
                        "X-Amz-Date", List.of("20150830T123600Z"),
                        "Authorization",
                                List.of("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
                                        + "aws4_request, SignedHeaders=host;x-amz-date, Signature=" + signature)),
                new byte[0]);
    }

    @Test
    void awsTestSuiteGetVanilla() throws Exception {
        VerifiedIdentity id =
                SUITE.verify(suite(null, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"));
        assertEquals("service", id.service());
        assertEquals("us-east-1", id.region());
    }

    @Test
    void awsTestSuiteGetVanillaQueryOrderKeyCase() throws Exception {
        SUITE.verify(suite(
                "Param2=value2&Param1=value1", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"));
    }
}
