package io.iotdm.e2e;

import io.iotdm.devstack.StackAddresses;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Data-plane requests signed by the SDK's SigV4 signer: iot-data with the service name {@code iotdata}, the device jobs
 * API with {@code iot-jobs-data}. The SDK's data-plane clients (iotdataplane, iotjobsdataplane) are not in the Maven
 * mirror at the SDK version the project uses, and what they send is exactly this.
 */
final class IotDataHttp {

    // the JDK client's default: HTTP/1.1 with an h2c upgrade, which the gateway must verify as well
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private IotDataHttp() {}

    /** An iot-data request, signed {@code iotdata}. */
    static HttpResponse<String> send(String method, String pathAndQuery, String body) {
        return send("iotdata", method, pathAndQuery, body);
    }

    /** A request signed for the service {@code signingName}. */
    static HttpResponse<String> send(String signingName, String method, String pathAndQuery, String body) {
        return send(Suite.addresses(), signingName, method, pathAndQuery, body);
    }

    /** A request signed for the service {@code signingName}, to the api-gateway of {@code stack}. */
    static HttpResponse<String> send(
            StackAddresses stack, String signingName, String method, String pathAndQuery, String body) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(method))
                .uri(URI.create(stack.get(StackAddresses.API_ENDPOINT) + pathAndQuery))
                .build();
        SdkHttpRequest signed = AwsV4HttpSigner.create()
                .sign(request -> request.request(unsigned)
                        .payload(ContentStreamProvider.fromByteArray(bytes))
                        .identity(AwsCredentialsIdentity.create(
                                stack.get(StackAddresses.API_ACCESS_KEY), stack.get(StackAddresses.API_SECRET_KEY)))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, stack.get(StackAddresses.API_REGION)))
                .request();
        HttpRequest.Builder request =
                HttpRequest.newBuilder(signed.getUri()).method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                values.forEach(value -> request.header(name, value));
            }
        });
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
