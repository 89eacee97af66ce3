package io.iotdm.bench;

import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Where the AWS endpoint is and how to sign for it: the options every scenario through the api-gateway shares. */
final class ApiOptions {

    @Option(
            names = "--endpoint",
            defaultValue = "http://127.0.0.1:29080",
            description = "api-gateway (${DEFAULT-VALUE})")
    URI endpoint;

    @Option(names = "--access-key", defaultValue = "AKIAIOTDMLOCAL000001")
    String accessKey;

    @Option(names = "--secret-key", defaultValue = "iotdm-local-secret-key-do-not-use-in-prod")
    String secretKey;

    @Option(names = "--region", defaultValue = "us-east-1")
    String region;

    /** Takes the endpoint, region and keys that devstack recorded, unless given on the command line. */
    void apply(StackFile file, CommandSpec spec) {
        var parsed = spec.commandLine().getParseResult();
        if (!parsed.hasMatchedOption("--endpoint")) {
            file.get(StackFile.API_ENDPOINT).map(URI::create).ifPresent(v -> endpoint = v);
        }
        if (!parsed.hasMatchedOption("--region")) {
            file.get(StackFile.API_REGION).ifPresent(v -> region = v);
        }
        if (!parsed.hasMatchedOption("--access-key") && !parsed.hasMatchedOption("--secret-key")) {
            file.get(StackFile.API_ACCESS_KEY).ifPresent(v -> accessKey = v);
            file.get(StackFile.API_SECRET_KEY).ifPresent(v -> secretKey = v);
        }
    }

    /** Requests to the iot control plane (signed {@code iot}). */
    SignedHttp http(SignedHttp.Client client, int threads, int connections) {
        return http("iot", client, threads, connections);
    }

    /** @param signingName the SigV4 service the requests are signed for, which picks the API: {@code signer}, ... */
    SignedHttp http(String signingName, SignedHttp.Client client, int threads, int connections) {
        return new SignedHttp(
                endpoint,
                accessKey,
                secretKey,
                region,
                signingName,
                client,
                threads,
                connections,
                Duration.ofSeconds(30));
    }
}
