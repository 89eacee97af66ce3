package io.iotdm.service.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InternalSignatureTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef-test";
    private static final Instant NOW = Instant.parse("2026-12-07T05:00:00Z");
    private static final Duration SKEW = Duration.ofSeconds(60);

    private final InternalSignature gateway = at(NOW, SECRET);
    private final InternalSignature service = at(NOW, SECRET);

    private static InternalSignature at(Instant now, String secret) {
        return new InternalSignature(secret, "api-gateway", SKEW, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static final Map<String, String> IDENTITY = Map.of(
            "x-iotdm-signing-service", "iot",
            "x-iotdm-operation", "DeleteThing",
            "x-iotdm-access-key", "AKIAEXAMPLE",
            "x-amzn-requestid", "request-1");

    private static List<String> request(Map<String, String> headers) {
        return InternalSignature.httpParts("DELETE", "/things/lamp?expectedVersion=1", headers::get);
    }

    private Optional<InternalSignature.Refusal> verify(Map<String, String> signature, List<String> parts) {
        return service.verify(signature::get, parts);
    }

    @Test
    void aSignedRequestVerifies() {
        Map<String, String> signature = gateway.sign(request(IDENTITY));
        assertThat(signature).containsEntry(InternalSignature.CALLER, "api-gateway");
        assertThat(verify(signature, request(IDENTITY))).isEmpty();
    }

    @Test
    void aTamperedIdentityHeaderMethodOrTargetIsRefused() {
        Map<String, String> signature = gateway.sign(request(IDENTITY));
        Map<String, String> otherKey = new HashMap<>(IDENTITY);
        otherKey.put("x-iotdm-access-key", "AKIAOTHER");
        assertThat(verify(signature, request(otherKey)))
                .contains(new InternalSignature.Refusal(
                        false, "the internal signature of api-gateway does not match the call"));
        Map<String, String> dropped = new HashMap<>(IDENTITY);
        dropped.remove("x-iotdm-operation");
        assertThat(verify(signature, request(dropped))).isPresent();
        assertThat(verify(
                        signature, InternalSignature.httpParts("GET", "/things/lamp?expectedVersion=1", IDENTITY::get)))
                .isPresent();
        assertThat(verify(signature, InternalSignature.httpParts("DELETE", "/things/other", IDENTITY::get)))
                .isPresent();
    }

    @Test
    void aTamperedSignatureOrCallerIsRefused() {
        Map<String, String> signature = new HashMap<>(gateway.sign(request(IDENTITY)));
        String hex = signature.get(InternalSignature.SIGNATURE);
        signature.put(InternalSignature.SIGNATURE, (hex.charAt(0) == '0' ? "1" : "0") + hex.substring(1));
        assertThat(verify(signature, request(IDENTITY))).isPresent();
        signature.put(InternalSignature.SIGNATURE, "not hex");
        assertThat(verify(signature, request(IDENTITY))).isPresent();
        Map<String, String> otherCaller = new HashMap<>(gateway.sign(request(IDENTITY)));
        otherCaller.put(InternalSignature.CALLER, "registry-service");
        assertThat(verify(otherCaller, request(IDENTITY))).isPresent();
    }

    @Test
    void aSignatureUnderAnotherSecretIsRefused() {
        Map<String, String> signature = at(NOW, SECRET + "-other").sign(request(IDENTITY));
        assertThat(verify(signature, request(IDENTITY))).isPresent();
    }

    @Test
    void aSignatureOutsideTheClockSkewIsRefusedEitherWay() {
        List<String> parts = request(IDENTITY);
        assertThat(verify(at(NOW.minus(SKEW), SECRET).sign(parts), parts)).isEmpty();
        assertThat(verify(at(NOW.plus(SKEW), SECRET).sign(parts), parts)).isEmpty();
        assertThat(verify(at(NOW.minus(SKEW).minusMillis(1), SECRET).sign(parts), parts))
                .contains(new InternalSignature.Refusal(
                        false,
                        "the internal signature of api-gateway is 60001 ms away from this service's clock, more than"
                                + " the 60000 ms allowed"));
        assertThat(verify(at(NOW.plus(SKEW).plusMillis(1), SECRET).sign(parts), parts))
                .isPresent();
        Map<String, String> notANumber = new HashMap<>(gateway.sign(parts));
        notANumber.put(InternalSignature.TIMESTAMP, "yesterday");
        assertThat(verify(notANumber, parts)).isPresent();
    }

    @Test
    void aCallWithoutCredentialIsRefusedAsMissing() {
        assertThat(verify(Map.of(), request(IDENTITY)))
                .hasValueSatisfying(refusal -> assertThat(refusal.missing()).isTrue());
        Map<String, String> partial = new HashMap<>(gateway.sign(request(IDENTITY)));
        partial.remove(InternalSignature.TIMESTAMP);
        assertThat(verify(partial, request(IDENTITY)))
                .hasValueSatisfying(refusal -> assertThat(refusal.missing()).isTrue());
    }

    @Test
    void aGrpcCredentialCoversItsMethodAndIsNoHttpCredential() {
        List<String> call = InternalSignature.grpcParts("iotdm.registry.v1.Registry/StreamThings");
        Map<String, String> signature = gateway.sign(call);
        assertThat(verify(signature, call)).isEmpty();
        assertThat(verify(signature, InternalSignature.grpcParts("iotdm.registry.v1.Registry/CountThings")))
                .isPresent();
        assertThat(verify(
                        gateway.sign(InternalSignature.grpcParts("GET")),
                        InternalSignature.httpParts("GET", "", name -> null)))
                .isPresent();
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> at(NOW, "short"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The internal secret has 5 characters; it needs at least 32");
    }
}
