package io.iotdm.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The AWS IoT control-plane operations the simulator needs, through the stack's api-gateway, signed with the AWS
 * SDK's SigV4 signer (service {@code iot}) and sent with java.net.http: a few requests per device, so no pool tuning.
 */
public final class ControlPlane implements AutoCloseable {

    static final JsonMapper JSON = new JsonMapper();

    /** An AWS error answer: its status, {@code x-amzn-ErrorType} and message. */
    public static final class AwsError extends RuntimeException {
        private final int status;
        private final String type;

        AwsError(int status, String type, String message) {
            super(status + " " + type + ": " + message);
            this.status = status;
            this.type = type;
        }

        public int status() {
            return status;
        }

        public String type() {
            return type;
        }
    }

    private final StackEndpoints stack;
    private final AwsCredentialsIdentity identity;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final HttpClient http;

    public ControlPlane(StackEndpoints stack) {
        this.stack = stack;
        this.identity = AwsCredentialsIdentity.create(stack.accessKey(), stack.secretKey());
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    public CompletableFuture<JsonNode> createKeysAndCertificate() {
        return send("POST", "/keys-and-certificate?setAsActive=true", JSON.createObjectNode(), Map.of());
    }

    public CompletableFuture<JsonNode> createThing(String thingName) {
        return send("POST", "/things/" + encode(thingName), JSON.createObjectNode(), Map.of());
    }

    public CompletableFuture<JsonNode> attachPolicy(String policyName, String target) {
        return send(
                "PUT",
                "/target-policies/" + encode(policyName),
                JSON.createObjectNode().put("target", target),
                Map.of());
    }

    public CompletableFuture<JsonNode> attachThingPrincipal(String thingName, String principal) {
        return send("PUT", "/things/" + encode(thingName) + "/principals", null, Map.of("x-amzn-principal", principal));
    }

    /** Creates the policy, or leaves the one of that name as it is. */
    public CompletableFuture<Void> ensurePolicy(String policyName, String document) {
        return ignoringExisting(send(
                "POST",
                "/policies/" + encode(policyName),
                JSON.createObjectNode().put("policyDocument", document),
                Map.of()));
    }

    /** Creates the fleet-provisioning template, or leaves the one of that name as it is. */
    public CompletableFuture<Void> ensureProvisioningTemplate(String templateName, String body) {
        ObjectNode request = JSON.createObjectNode()
                .put("templateName", templateName)
                .put("templateBody", body)
                .put("enabled", true)
                .put("type", "FLEET_PROVISIONING")
                .put("provisioningRoleArn", "arn:aws:iam::123456789012:role/" + templateName);
        return ignoringExisting(send("POST", "/provisioning-templates", request, Map.of()));
    }

    public CompletableFuture<JsonNode> createProvisioningClaim(String templateName) {
        return send(
                "POST",
                "/provisioning-templates/" + encode(templateName) + "/provisioning-claim",
                JSON.createObjectNode(),
                Map.of());
    }

    /** SearchIndex on the default index {@code AWS_Things}. */
    public CompletableFuture<JsonNode> searchIndex(String queryString) {
        return send("POST", "/indices/search", JSON.createObjectNode().put("queryString", queryString), Map.of());
    }

    /** Any operation of the iot API, for what the simulator itself does not need (tests, bench). */
    public CompletableFuture<JsonNode> send(String method, String path, JsonNode body, Map<String, String> headers) {
        byte[] bytes = body == null ? new byte[0] : body.toString().getBytes(StandardCharsets.UTF_8);
        URI uri = stack.api().resolve(path);
        SdkHttpRequest.Builder unsigned =
                SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        if (body != null) {
            unsigned.putHeader("Content-Type", "application/json");
        }
        headers.forEach(unsigned::putHeader);
        SdkHttpRequest signed = signer.sign(r -> r.identity(identity)
                        .request(unsigned.build())
                        .payload(ContentStreamProvider.fromByteArray(bytes))
                        .putProperty(AwsV4HttpSigner.REGION_NAME, stack.region())
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "iot"))
                .request();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
        signed.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals("host") && !lower.equals("content-length")) { // restricted: java.net.http sets them
                values.forEach(value -> request.header(name, value));
            }
        });
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(ControlPlane::answer);
    }

    private static JsonNode answer(HttpResponse<String> response) {
        JsonNode body;
        try {
            body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
        if (response.statusCode() / 100 != 2) {
            String type = response.headers()
                    .firstValue("x-amzn-ErrorType")
                    .map(t -> t.split(":", 2)[0])
                    .orElse("?");
            throw new AwsError(response.statusCode(), type, body.path("message").asText(response.body()));
        }
        return body;
    }

    private static CompletableFuture<Void> ignoringExisting(CompletableFuture<JsonNode> created) {
        return created.handle((answer, failure) -> {
            Throwable cause =
                    failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
            if (cause == null
                    || cause instanceof AwsError error && error.type().equals("ResourceAlreadyExistsException")) {
                return null;
            }
            throw failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
        });
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        http.close();
    }
}
