package io.iotdm.service.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Proof that a call comes from the api-gateway or a peer service: an HMAC-SHA256, under the deployment's internal
 * secret, of who calls, when, and what. Three headers (HTTP) or metadata keys (gRPC) carry it. An HTTP request's
 * signature covers its method, its raw request target and the identity headers the gateway adds; a gRPC call's covers
 * its full method name. A kind prefix keeps one from being replayed as the other. The body is not covered: the
 * services check the signature before they read a body, and an on-path attacker is TLS's business, not this.
 */
public final class InternalSignature {

    public static final String CALLER = "x-iotdm-caller";
    public static final String TIMESTAMP = "x-iotdm-timestamp";
    public static final String SIGNATURE = "x-iotdm-signature";

    /** The identity headers the gateway adds to what it forwards (the route and handlers trust them). */
    public static final List<String> SIGNED_HEADERS =
            List.of("x-iotdm-signing-service", "x-iotdm-operation", "x-iotdm-access-key", "x-amzn-requestid");

    /** A secret shorter than this is refused at start: 32 characters of base64 are 192 bits. */
    static final int MIN_SECRET_LENGTH = 32;

    private static final String ALGORITHM = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();

    private final SecretKeySpec key;
    private final String caller;
    private final Duration maxClockSkew;
    private final Clock clock;

    /** Why a call was refused; {@code missing}: it carried no credential at all. */
    public record Refusal(boolean missing, String reason) {}

    /** @param caller who signs with it: this application's name, which a refusal names */
    public InternalSignature(String secret, String caller, Duration maxClockSkew, Clock clock) {
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("The internal secret has " + secret.length()
                    + " characters; it needs at least " + MIN_SECRET_LENGTH);
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.caller = caller;
        this.maxClockSkew = maxClockSkew;
        this.clock = clock;
    }

    /** What an HTTP request's signature covers; {@code header} looks a header up by name (null when absent). */
    public static List<String> httpParts(String method, String target, Function<String, String> header) {
        List<String> parts = new ArrayList<>(2 + SIGNED_HEADERS.size());
        parts.add("http");
        parts.add(method);
        parts.add(target);
        SIGNED_HEADERS.forEach(name -> parts.add(Objects.requireNonNullElse(header.apply(name), "")));
        return parts;
    }

    /** What a gRPC call's signature covers. */
    public static List<String> grpcParts(String fullMethodName) {
        return List.of("grpc", fullMethodName);
    }

    /** @return the three headers that prove that this caller sends {@code parts} now */
    public Map<String, String> sign(List<String> parts) {
        String timestamp = Long.toString(clock.millis());
        return Map.of(CALLER, caller, TIMESTAMP, timestamp, SIGNATURE, HEX.formatHex(mac(caller, timestamp, parts)));
    }

    /** @return empty when the headers prove a holder of the secret sent {@code parts} within the allowed skew */
    public Optional<Refusal> verify(Function<String, String> header, List<String> parts) {
        String sender = header.apply(CALLER);
        String timestamp = header.apply(TIMESTAMP);
        String signature = header.apply(SIGNATURE);
        if (sender == null || timestamp == null || signature == null) {
            return Optional.of(new Refusal(
                    true,
                    "the call carries no internal signature (" + CALLER + ", " + TIMESTAMP + ", " + SIGNATURE
                            + "): only the api-gateway and iotdm services may call this service"));
        }
        long sent;
        try {
            sent = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return Optional.of(new Refusal(false, TIMESTAMP + " is not a number of milliseconds: " + timestamp));
        }
        long skew = Math.abs(clock.millis() - sent);
        if (skew > maxClockSkew.toMillis()) {
            return Optional.of(new Refusal(
                    false,
                    "the internal signature of " + sender + " is " + skew + " ms away from this service's clock, more"
                            + " than the " + maxClockSkew.toMillis() + " ms allowed"));
        }
        byte[] presented;
        try {
            presented = HEX.parseHex(signature);
        } catch (IllegalArgumentException e) {
            presented = new byte[0];
        }
        if (!MessageDigest.isEqual(presented, mac(sender, timestamp, parts))) {
            return Optional.of(new Refusal(false, "the internal signature of " + sender + " does not match the call"));
        }
        return Optional.empty();
    }

    private byte[] mac(String caller, String timestamp, List<String> parts) {
        // newline-separated: no part (a header value, a request target, a method name) can contain a newline
        StringBuilder text = new StringBuilder("iotdm-internal-1\n")
                .append(caller)
                .append('\n')
                .append(timestamp);
        parts.forEach(part -> text.append('\n').append(part));
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
