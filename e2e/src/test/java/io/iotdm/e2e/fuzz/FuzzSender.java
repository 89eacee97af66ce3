package io.iotdm.e2e.fuzz;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Signs a fuzz request with the AWS SDK for Java v2's SigV4 signer (or breaks its signature) and sends it. */
final class FuzzSender {

    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> CLIENT_HEADERS = Set.of("host", "content-length", "connection", "expect");

    /** Further than the 15 minutes of clock skew AWS allows. */
    private static final Duration SKEW = Duration.ofHours(1);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final URI endpoint;
    private final String region;
    private final String accessKey;
    private final String secretKey;

    FuzzSender(URI endpoint, String region, String accessKey, String secretKey) {
        this.endpoint = endpoint;
        this.region = region;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /**
     * @throws IllegalArgumentException when the JDK client refuses the request itself (a header value it cannot
     *     send): the request never reaches iotdm
     */
    HttpResponse<String> send(FuzzCase request) throws IOException, InterruptedException {
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(request.method()))
                .uri(URI.create(endpoint + request.pathAndQuery()));
        request.headers().forEach(unsigned::putHeader);
        if (request.body().length > 0) {
            unsigned.putHeader("Content-Type", "application/json");
        }
        byte[] body = request.body();
        SdkHttpRequest wire =
                switch (request.signing()) {
                    case PROPER -> sign(request.signingName(), unsigned.build(), body, secretKey, Instant.now(), null);
                    case UNSIGNED -> unsigned.build();
                    case WRONG_SECRET ->
                        sign(request.signingName(), unsigned.build(), body, secretKey + "x", Instant.now(), null);
                    case EXPIRED ->
                        sign(
                                request.signingName(),
                                unsigned.build(),
                                body,
                                secretKey,
                                Instant.now().minus(SKEW),
                                null);
                    case FUTURE ->
                        sign(
                                request.signingName(),
                                unsigned.build(),
                                body,
                                secretKey,
                                Instant.now().plus(SKEW),
                                null);
                    case TAMPERED_BODY -> {
                        SdkHttpRequest signed =
                                sign(request.signingName(), unsigned.build(), body, secretKey, Instant.now(), null);
                        body = tampered(body);
                        yield signed;
                    }
                    case EXPIRED_PRESIGNED_URL ->
                        sign(
                                request.signingName(),
                                unsigned.build(),
                                body,
                                secretKey,
                                Instant.now().minus(SKEW),
                                Duration.ofMinutes(5));
                };
        HttpRequest.Builder out = HttpRequest.newBuilder(wire.getUri())
                .timeout(Duration.ofSeconds(60))
                .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(body));
        wire.headers().forEach((name, values) -> {
            if (!CLIENT_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> out.header(name, value));
            }
        });
        return http.send(out.build(), HttpResponse.BodyHandlers.ofString());
    }

    private SdkHttpRequest sign(
            String service, SdkHttpRequest request, byte[] body, String secret, Instant at, Duration presigned) {
        return AwsV4HttpSigner.create()
                .sign(signing -> {
                    signing.request(request)
                            .payload(ContentStreamProvider.fromByteArray(body))
                            .identity(AwsCredentialsIdentity.create(accessKey, secret))
                            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                            .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                            .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC));
                    if (presigned != null) {
                        signing.putProperty(
                                        AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, presigned);
                    }
                })
                .request();
    }

    private static byte[] tampered(byte[] body) {
        if (body.length == 0) {
            return new byte[] {'{', '}'};
        }
        byte[] changed = Arrays.copyOf(body, body.length);
        changed[changed.length / 2] ^= 1;
        return changed;
    }
}
