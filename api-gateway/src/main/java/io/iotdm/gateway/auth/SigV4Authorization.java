package io.iotdm.gateway.auth;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request's SigV4 authentication parameters, parsed from whichever form they came in (the Authorization header or a
 * presigned query string), with AWS's messages for parameters that are missing or malformed. {@link SigV4Verifier}
 * checks what they claim.
 */
record SigV4Authorization(
        boolean presigned,
        String algorithm,
        String credential,
        List<String> signedHeaders,
        String signature,
        Instant signedAt,
        Long expiresSeconds,
        String securityToken,
        String declaredPayloadHash) {

    static final long MAX_PRESIGN_EXPIRES_SECONDS = 604_800; // 7 days, the SigV4 presign maximum

    private static final DateTimeFormatter ISO_BASIC =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withResolverStyle(ResolverStyle.STRICT);
    /** @throws SigV4Exception both forms or neither, or the one present is incomplete or malformed */
    static SigV4Authorization of(SigV4Request req) throws SigV4Exception {
        List<String[]> query = SigV4Canonical.parseQuery(req.rawQuery());
        String authorization = req.header("Authorization");
        boolean presigned = SigV4Canonical.queryParam(query, "X-Amz-Algorithm") != null;
        if (authorization != null && presigned) {
            throw SigV4Exception.invalid(
                    "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
        }
        if (authorization == null && !presigned) throw SigV4Exception.missingToken();
        return presigned ? fromQuery(req, query) : fromHeader(req, authorization);
    }

    private static SigV4Authorization fromHeader(SigV4Request req, String authorization) throws SigV4Exception {
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

        return new SigV4Authorization(
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

    private static SigV4Authorization fromQuery(SigV4Request req, List<String[]> query) throws SigV4Exception {
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
        return new SigV4Authorization(
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

    /** A time as SigV4 writes it (ISO 8601 basic, UTC). */
    static String fmt(Instant i) {
        return ISO_BASIC.format(i.atOffset(ZoneOffset.UTC));
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) return i;
        }
        return -1;
    }
}
