package io.iotdm.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    static final long MAX_PRESIGN_EXPIRES_SECONDS = 604_800; // 7 days, the SigV4 presign maximum

    static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature "
            + "you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation "
            + "for details.";

    private static final DateTimeFormatter ISO_BASIC =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withResolverStyle(ResolverStyle.STRICT);
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

    /** The parsed authentication parameters, whichever form they came in. */
    private record Auth(
            boolean presigned,
            String algorithm,
            String credential,
            List<String> signedHeaders,
            String signature,
            Instant signedAt,
            Long expiresSeconds,
            String securityToken,
            String declaredPayloadHash) {}

    /** What {@link #authenticate} established: the parsed parameters, the scope and the caller's secret. */
    private record Authenticated(Auth auth, String[] scope, Credentials creds) {}

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
        Auth auth = authenticated.auth();
        Credentials creds = authenticated.creds();
        String[] scope = authenticated.scope();
        String accessKeyId = scope[0], scopeDate = scope[1], region = scope[2], service = scope[3];
        String requestTime = fmt(auth.signedAt());

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
        List<String[]> query = SigV4Canonical.parseQuery(req.rawQuery());
        String authorization = req.header("Authorization");
        boolean presigned = SigV4Canonical.queryParam(query, "X-Amz-Algorithm") != null;
        if (authorization != null && presigned) {
            throw SigV4Exception.invalid(
                    "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
        }
        if (authorization == null && !presigned) throw SigV4Exception.missingToken();

        Auth auth = presigned ? fromQuery(req, query) : fromHeader(req, authorization);
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
        String requestTime = fmt(auth.signedAt()), dateOfRequest = requestTime.substring(0, 8);
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

    private Auth fromHeader(SigV4Request req, String authorization) throws SigV4Exception {
        String value = authorization.strip();
        int sp = indexOfWhitespace(value);
        String algorithm = sp < 0 ? value : value.substring(0, sp);
        Map<String, String> params = new HashMap<>();
        // AWS tokenizes on commas AND whitespace, so "Credential= AKID/..." yields a bare "AKID/..." token.
        // Legacy SigV2 headers ("AWS key:sig") get the "requires ..." message instead, as AWS answers.
        if (sp >= 0 && !algorithm.equals("AWS")) {
            for (String token : value.substring(sp).split("[,\\s]+")) {
                if (token.isEmpty()) continue;
                int eq = token.indexOf('=');
                if (eq < 0) {
                    throw SigV4Exception.incomplete("'" + token + "' not a valid key=value pair (missing equal-sign) "
                            + "in Authorization header: '" + authorization + "'.");
                }
                params.putIfAbsent(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        String amzDate = req.header("X-Amz-Date");
        String rawDate = amzDate != null ? amzDate : req.header("Date");
        StringBuilder missing = new StringBuilder();
        for (String p : List.of("Credential", "Signature", "SignedHeaders")) {
            if (params.getOrDefault(p, "").isEmpty()) {
                missing.append("Authorization header requires '").append(p).append("' parameter. ");
            }
        }
        if (rawDate == null) {
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (!missing.isEmpty()) throw SigV4Exception.incomplete(missing + "Authorization=" + authorization);

        return new Auth(
                false,
                algorithm,
                params.get("Credential"),
                signedHeaders(params.get("SignedHeaders")),
                params.get("Signature"),
                parseDate(rawDate, amzDate == null),
                null,
                req.header("X-Amz-Security-Token"),
                req.header("X-Amz-Content-Sha256"));
    }

    private Auth fromQuery(SigV4Request req, List<String[]> query) throws SigV4Exception {
        StringBuilder missing = new StringBuilder();
        for (String p : List.of(
                "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date")) {
            String v = SigV4Canonical.queryParam(query, p);
            if (v == null || v.isEmpty()) {
                missing.append("AWS query-string parameters must include '")
                        .append(p)
                        .append("'. ");
            }
        }
        if (!missing.isEmpty()) throw SigV4Exception.incomplete(missing + "Re-examine the query-string parameters.");

        String rawDate = SigV4Canonical.queryParam(query, "X-Amz-Date");
        Long expires = null;
        String rawExpires = SigV4Canonical.queryParam(query, "X-Amz-Expires");
        if (rawExpires != null) {
            try {
                expires = Long.parseLong(rawExpires);
            } catch (NumberFormatException e) {
                expires = -1L;
            }
            if (expires < 0) throw SigV4Exception.incomplete("X-Amz-Expires should be a number");
            if (expires > MAX_PRESIGN_EXPIRES_SECONDS) {
                throw SigV4Exception.incomplete("X-Amz-Expires must be less than a week (in seconds); that is, "
                        + "the given X-Amz-Expires must be less than 604800 seconds");
            }
        }
        String declared = SigV4Canonical.queryParam(query, "X-Amz-Content-Sha256");
        return new Auth(
                true,
                SigV4Canonical.queryParam(query, "X-Amz-Algorithm"),
                SigV4Canonical.queryParam(query, "X-Amz-Credential"),
                signedHeaders(SigV4Canonical.queryParam(query, "X-Amz-SignedHeaders")),
                SigV4Canonical.queryParam(query, "X-Amz-Signature"),
                parseDate(rawDate, false),
                expires,
                SigV4Canonical.queryParam(query, "X-Amz-Security-Token"),
                declared != null ? declared : req.header("X-Amz-Content-Sha256"));
    }

    private void checkTime(Auth auth) throws SigV4Exception {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant signedAt = auth.signedAt();
        Duration window = auth.expiresSeconds() != null ? Duration.ofSeconds(auth.expiresSeconds()) : MAX_SKEW;
        Instant earliest = now.minus(window);
        if (signedAt.isBefore(earliest)) {
            throw SigV4Exception.invalid("Signature expired: " + fmt(signedAt) + " is now earlier than " + fmt(earliest)
                    + " (" + fmt(now) + " - " + fmtDuration(window) + ".)");
        }
        Instant latest = now.plus(MAX_SKEW);
        if (signedAt.isAfter(latest)) {
            throw SigV4Exception.invalid("Signature not yet current: " + fmt(signedAt) + " is still later than "
                    + fmt(latest) + " (" + fmt(now) + " + " + fmtDuration(MAX_SKEW) + ".)");
        }
    }

    /** What the client signed as payload hash; more than one candidate only where clients legitimately differ. */
    private List<String> payloadHashes(SigV4Request req, Auth auth) throws SigV4Exception {
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
            SigV4Request req, Auth auth, String service, String payloadHash, boolean tokenSigned) {
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

    private static List<String> signedHeaders(String raw) {
        List<String> out = new ArrayList<>();
        for (String h : raw.split(";")) {
            if (!h.isBlank()) out.add(h.strip().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    /** X-Amz-Date must be ISO-8601 basic; a plain Date header may also be RFC 1123. */
    private static Instant parseDate(String raw, boolean fromDateHeader) throws SigV4Exception {
        try {
            return LocalDateTime.parse(raw.strip(), ISO_BASIC).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            if (fromDateHeader) {
                try {
                    return ZonedDateTime.parse(raw.strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
                            .toInstant();
                } catch (DateTimeParseException ignored) {
                    // fall through to AWS's message
                }
            }
            throw SigV4Exception.incomplete("Date must be in ISO-8601 'basic format'. Got '" + raw
                    + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
    }

    private static String fmt(Instant i) {
        return ISO_BASIC.format(i.atOffset(ZoneOffset.UTC));
    }

    private static String fmtDuration(Duration d) {
        long s = d.getSeconds();
        return s % 60 == 0 ? (s / 60) + " min" : s + " sec";
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) return i;
        }
        return -1;
    }
}
