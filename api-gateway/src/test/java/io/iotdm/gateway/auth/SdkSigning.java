package io.iotdm.gateway.auth;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** Signs requests with the real SDK v2 signer (the oracle) and converts them to what a server would receive. */
final class SdkSigning {

    static final String AKID = "AKIDEXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final Instant NOW = Instant.parse("2026-11-26T08:30:00Z");

    static SigV4Verifier verifier(Instant now) {
        return new SigV4Verifier(
                k -> k.equals(AKID) ? Optional.of(new SigV4Verifier.Credentials(SECRET)) : Optional.empty(),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    /** Options for one signing. */
    record Opts(
            String service,
            Instant signedAt,
            String secret,
            String sessionToken,
            Duration presignExpires,
            Boolean payloadSigning,
            String protocol) {
        static Opts iot() {
            return new Opts("iot", NOW, SECRET, null, null, null, "http");
        }

        Opts service(String s) {
            return new Opts(s, signedAt, secret, sessionToken, presignExpires, payloadSigning, protocol);
        }

        Opts at(Instant t) {
            return new Opts(service, t, secret, sessionToken, presignExpires, payloadSigning, protocol);
        }

        Opts secret(String s) {
            return new Opts(service, signedAt, s, sessionToken, presignExpires, payloadSigning, protocol);
        }

        Opts token(String t) {
            return new Opts(service, signedAt, secret, t, presignExpires, payloadSigning, protocol);
        }

        Opts presign(Duration d) {
            return new Opts(service, signedAt, secret, sessionToken, d, payloadSigning, protocol);
        }

        Opts unsignedPayloadOverHttps() {
            return new Opts(service, signedAt, secret, sessionToken, presignExpires, false, "https");
        }
    }

    static SdkHttpRequest request(SdkHttpMethod method, String url, Map<String, List<String>> headers) {
        SdkHttpRequest.Builder b = SdkHttpRequest.builder().method(method).uri(URI.create(url));
        headers.forEach(b::putHeader);
        return b.build();
    }

    static SdkHttpRequest sign(SdkHttpRequest req, byte[] body, Opts o) {
        AwsCredentialsIdentity id = o.sessionToken() == null
                ? AwsCredentialsIdentity.create(AKID, o.secret())
                : AwsSessionCredentialsIdentity.create(AKID, o.secret(), o.sessionToken());
        return AwsV4HttpSigner.create()
                .sign(r -> {
                    r.identity(id)
                            .request(req.toBuilder().protocol(o.protocol()).build())
                            .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, o.service())
                            .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(o.signedAt(), ZoneOffset.UTC));
                    if (body != null) r.payload(ContentStreamProvider.fromByteArray(body));
                    if (o.payloadSigning() != null)
                        r.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, o.payloadSigning());
                    if (o.presignExpires() != null) {
                        r.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, o.presignExpires());
                    }
                })
                .request();
    }

    /** What the server receives for a signed SDK request: raw path and query, headers as sent. */
    static SigV4Request received(SdkHttpRequest signed, byte[] body) {
        URI uri = signed.getUri();
        return SigV4Request.of(
                signed.method().name(),
                uri.getRawPath(),
                uri.getRawQuery(),
                new LinkedHashMap<>(signed.headers()),
                body);
    }

    static SigV4Request signAndReceive(
            SdkHttpMethod m, String url, Map<String, List<String>> headers, byte[] body, Opts o) {
        return received(sign(request(m, url, headers), body, o), body);
    }

    private SdkSigning() {}
}
