package io.iotdm.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Server-side AWS Signature Version 4 verifier (Authorization header and presigned query string forms).
 *
 * <p>Why not re-sign with the SDK's {@code AwsV4HttpSigner}: it always adds and signs {@code x-amz-content-sha256},
 * always sets {@code x-amz-date}, and never signs user-agent/expect/connection/x-amzn-trace-id. A verifier must
 * rebuild the client's canonical request from the client's own SignedHeaders list, and botocore/the AWS CLI sign
 * only {@code host;x-amz-date} (no x-amz-content-sha256) for IoT, which the SDK signer cannot reproduce. So the
 * canonical request is built here per the spec, and the SDK signer is used as the oracle in tests.
 *
 * <p>Check order and messages follow what AWS returns (see report): both/none present, required parameters,
 * date format, clock skew / expiry, host signed, algorithm, credential shape, scope, access key, payload hash,
 * signature, session token.
 */
public final class SigV4Verifier {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    public static final Duration MAX_SKEW = Duration.ofMinutes(15);

    static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature "
            + "you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation "
            + "for details.";

    // S3 signs the path as sent; every other service normalizes and double-encodes it.
    private static final Set<String> S3_STYLE_SERVICES = Set.of("s3", "s3-outposts", "s3express");

    /** Secret (and optional session token) for an access key id. */
    public record Credentials(String secretAccessKey, String sessionToken) {
        public Credentials(String secretAccessKey) {
            this(secretAccessKey, null);
        }
    }

    @FunctionalInterface
    public interface CredentialsLookup {
        Optional<Credentials> find(String accessKeyId);
    }

    private final CredentialsLookup credentials;
    private final Clock clock;
    private final boolean allowStreamingPayload;
    private final boolean verboseSignatureErrors;

    public SigV4Verifier(CredentialsLookup credentials, Clock clock) {
        this(credentials, clock, false, false);
    }

    /**
     * @param allowStreamingPayload  accept {@code STREAMING-*} (aws-chunked) payload hashes; only the seed signature is
     *                               verified here, so the caller must then decode and verify the chunks itself
     * @param verboseSignatureErrors append AWS's "The Canonical String for this request should have been ..." text
     *                               to signature mismatches (handy in development; IoT does not send it)
     */
    public SigV4Verifier(
            CredentialsLookup credentials, Clock clock, boolean allowStreamingPayload, boolean verboseSignatureErrors) {
        this.credentials = credentials;
        this.clock = clock;
        this.allowStreamingPayload = allowStreamingPayload;
        this.verboseSignatureErrors = verboseSignatureErrors;
    }

    /** What {@link #authenticate} established: the parsed parameters, the scope and the caller's secret. */
    private record Authenticated(SigV4Authorization auth, String[] scope, Credentials creds) {}

    /**
     * The checks that need no body: the signature's parameters are present and well-formed, the date is within the
     * allowed skew (or the presigned URL has not expired), the scope is right and the access key is known. The
     * gateway runs this before it reads a body, so that an unsigned or unknown caller cannot make it buffer one.
     * {@link #verify} runs the same checks again, then the signature itself.
     *
     * @param req the request; its body is not looked at
     */
    public void precheck(SigV4Request req) throws SigV4Exception {
        authenticate(req);
    }

    public VerifiedIdentity verify(SigV4Request req) throws SigV4Exception {
        Authenticated authenticated = authenticate(req);
        SigV4Authorization auth = authenticated.auth();
        Credentials creds = authenticated.creds();
        String[] scope = authenticated.scope();
        String accessKeyId = scope[0], scopeDate = scope[1], region = scope[2], service = scope[3];
        String requestTime = SigV4Authorization.fmt(auth.signedAt());

        // Candidates for what the client may legitimately have signed; the signature must match one of them.
        List<String> payloadHashes = payloadHashes(req, auth);
        List<Boolean> tokenSignedOptions = auth.presigned() && auth.securityToken() != null
                ? List.of(true, false) // IoT MQTT-over-WebSocket URLs append X-Amz-Security-Token AFTER signing
                : List.of(true);

        String credentialScope = scopeDate + "/" + region + "/" + service + "/aws4_request";
        byte[] signingKey = signingKey(creds.secretAccessKey(), scopeDate, region, service);
        byte[] provided = auth.signature().getBytes(StandardCharsets.UTF_8);
        String firstCanonical = null, firstStringToSign = null, matchedHash = null;
        for (String payloadHash : payloadHashes) {
            for (boolean tokenSigned : tokenSignedOptions) {
                String canonical = canonicalRequest(req, auth, service, payloadHash, tokenSigned);
                String stringToSign = ALGORITHM + "\n" + requestTime + "\n" + credentialScope + "\n"
                        + SigV4Canonical.sha256Hex(canonical);
                String expected = SigV4Canonical.hex(SigV4Canonical.hmac(signingKey, stringToSign));
                if (firstCanonical == null) {
                    firstCanonical = canonical;
                    firstStringToSign = stringToSign;
                }
                // constant time, and keep looping so timing does not reveal which candidate matched
                if (MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), provided)
                        && matchedHash == null) {
                    matchedHash = payloadHash;
                }
            }
        }
        if (matchedHash == null) {
            throw SigV4Exception.invalid(
                    verboseSignatureErrors
                            ? SIGNATURE_MISMATCH + "\n\nThe Canonical String for this request should have been\n'"
                                    + firstCanonical + "'\n\nThe String-to-Sign should have been\n'" + firstStringToSign
                                    + "'\n"
                            : SIGNATURE_MISMATCH);
        }

        // AWS checks the token after the signature; long-term keys plus any token is also "invalid".
        String expectedToken = creds.sessionToken();
        if (!(expectedToken == null
                ? auth.securityToken() == null
                : auth.securityToken() != null
                        && MessageDigest.isEqual(
                                expectedToken.getBytes(StandardCharsets.UTF_8),
                                auth.securityToken().getBytes(StandardCharsets.UTF_8)))) {
            throw SigV4Exception.unrecognized();
        }
        return new VerifiedIdentity(
                accessKeyId, region, service, auth.signedAt(), auth.presigned(), matchedHash, auth.securityToken());
    }

    private Authenticated authenticate(SigV4Request req) throws SigV4Exception {
        SigV4Authorization auth = SigV4Authorization.of(req);
        checkTime(auth);
        if (!auth.signedHeaders().contains("host") && !auth.signedHeaders().contains(":authority")) {
            throw SigV4Exception.invalid("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        if (!auth.algorithm().equals(ALGORITHM)) {
            throw SigV4Exception.incomplete(
                    "Unsupported AWS 'algorithm': '" + auth.algorithm() + "' (only AWS4-HMAC-SHA256 for now). ");
        }

        // split() drops trailing empty strings, matching AWS ignoring trailing slashes in the credential
        String[] scope = auth.credential().split("/");
        if (scope.length != 5) {
            throw SigV4Exception.incomplete("Credential must have exactly 5 slash-delimited elements, "
                    + "e.g. keyid/date/region/service/term, got '" + auth.credential() + "'");
        }
        String accessKeyId = scope[0], scopeDate = scope[1];
        String requestTime = SigV4Authorization.fmt(auth.signedAt()), dateOfRequest = requestTime.substring(0, 8);
        StringBuilder scopeErrors = new StringBuilder();
        if (!scope[4].equals("aws4_request")) {
            scopeErrors
                    .append("Credential should be scoped with a valid terminator: 'aws4_request', not '")
                    .append(scope[4])
                    .append("'. ");
        }
        if (!scopeDate.equals(dateOfRequest)) {
            scopeErrors
                    .append("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
                            + "HTTP: '")
                    .append(scopeDate)
                    .append("' != '")
                    .append(dateOfRequest)
                    .append("', from '")
                    .append(requestTime)
                    .append("'.");
        }
        if (!scopeErrors.isEmpty()) throw SigV4Exception.invalid(scopeErrors.toString());

        Credentials creds = credentials.find(accessKeyId).orElseThrow(SigV4Exception::unrecognized);
        return new Authenticated(auth, scope, creds);
    }

    private void checkTime(SigV4Authorization auth) throws SigV4Exception {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant signedAt = auth.signedAt();
        Duration window = auth.expiresSeconds() != null ? Duration.ofSeconds(auth.expiresSeconds()) : MAX_SKEW;
        Instant earliest = now.minus(window);
        if (signedAt.isBefore(earliest)) {
            throw SigV4Exception.invalid("Signature expired: " + SigV4Authorization.fmt(signedAt)
                    + " is now earlier than " + SigV4Authorization.fmt(earliest) + " (" + SigV4Authorization.fmt(now)
                    + " - " + fmtDuration(window) + ".)");
        }
        Instant latest = now.plus(MAX_SKEW);
        if (signedAt.isAfter(latest)) {
            throw SigV4Exception.invalid("Signature not yet current: " + SigV4Authorization.fmt(signedAt)
                    + " is still later than " + SigV4Authorization.fmt(latest) + " (" + SigV4Authorization.fmt(now)
                    + " + " + fmtDuration(MAX_SKEW) + ".)");
        }
    }

    /** What the client signed as payload hash; more than one candidate only where clients legitimately differ. */
    private List<String> payloadHashes(SigV4Request req, SigV4Authorization auth) throws SigV4Exception {
        String declared = auth.declaredPayloadHash();
        if (declared == null) {
            // presigned: botocore and SDK v2 (by default) sign the empty-body hash, S3-style presigners and
            // SDK v2 with payload signing off sign UNSIGNED-PAYLOAD; the query string carries no hint
            return auth.presigned() ? List.of(req.bodyHash(), UNSIGNED_PAYLOAD) : List.of(req.bodyHash());
        }
        if (declared.equals(UNSIGNED_PAYLOAD)) return List.of(declared);
        if (declared.startsWith("STREAMING-")) {
            if (!allowStreamingPayload) {
                throw new SigV4Exception(
                        400,
                        "InvalidRequestException",
                        "Streaming (aws-chunked) payloads are not supported: x-amz-content-sha256=" + declared);
            }
            return List.of(declared);
        }
        // The client's claimed hash must be the body's: otherwise the body is not what was signed.
        if (!declared.equalsIgnoreCase(req.bodyHash())) throw SigV4Exception.invalid(SIGNATURE_MISMATCH);
        return List.of(declared);
    }

    private String canonicalRequest(
            SigV4Request req, SigV4Authorization auth, String service, String payloadHash, boolean tokenSigned) {
        String query = auth.presigned()
                ? SigV4Canonical.query(
                        tokenSigned ? req.rawQuery() : withoutParam(req.rawQuery(), "X-Amz-Security-Token"),
                        "X-Amz-Signature")
                : SigV4Canonical.query(req.rawQuery(), null);
        StringBuilder headers = new StringBuilder();
        for (String name : auth.signedHeaders()) {
            // exactly the client's list, in the client's order; a listed-but-absent header signs as empty
            List<String> values = name.equals(":authority") ? req.headerValues("Host") : req.headerValues(name);
            headers.append(name)
                    .append(':')
                    .append(SigV4Canonical.headerValue(values))
                    .append('\n');
        }
        return req.method() + "\n"
                + SigV4Canonical.uri(req.rawPath(), S3_STYLE_SERVICES.contains(service)) + "\n"
                + query + "\n"
                + headers + "\n"
                + String.join(";", auth.signedHeaders()) + "\n"
                + payloadHash;
    }

    private static String withoutParam(String rawQuery, String name) {
        StringBuilder sb = new StringBuilder();
        for (String[] p : SigV4Canonical.parseQuery(rawQuery)) {
            if (SigV4Canonical.decode(p[0]).equals(name)) continue;
            if (!sb.isEmpty()) sb.append('&');
            sb.append(p[0]).append(p[1] == null ? "" : "=" + p[1]);
        }
        return sb.toString();
    }

    static byte[] signingKey(String secret, String date, String region, String service) {
        byte[] k = SigV4Canonical.hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        k = SigV4Canonical.hmac(k, region);
        k = SigV4Canonical.hmac(k, service);
        return SigV4Canonical.hmac(k, "aws4_request");
    }

    private static String fmtDuration(Duration d) {
        long s = d.getSeconds();
        return s % 60 == 0 ? (s / 60) + " min" : s + " sec";
    }
}
