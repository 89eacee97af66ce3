package io.iotdm.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdm.codesign.CodesignBlock;
import io.iotdm.codesign.CodesignException;
import io.iotdm.codesign.CodesignVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A device that installs only what it can verify (issue 18; docs/aws-behaviour.md §5.22, §10.5): for a job document
 * with a {@code codesign} block it downloads the artifact from the document's {@code presign} URL (a plain GET, as a
 * device without AWS credentials makes it), verifies the signature with platform/codesign against the code-signing
 * certificate it already trusts, and reports SUCCEEDED, or FAILED with the reason ({@code TAMPERED},
 * {@code WRONG_CERTIFICATE}, ...) and the message. A document without a {@code codesign} block is acknowledged as
 * {@link JobHandler#ACKNOWLEDGE} does.
 */
public final class SignedArtifacts implements JobHandler {

    private final CodesignVerifier verifier;
    private final HttpClient http = HttpClient.newHttpClient();

    /** @param trustedCertificatePem the code-signing certificate devices were shipped with */
    public SignedArtifacts(String trustedCertificatePem) {
        this.verifier = CodesignVerifier.trusting(trustedCertificatePem);
    }

    @Override
    public CompletionStage<Outcome> run(String thingName, JsonNode execution) {
        JsonNode document = execution.path("jobDocument");
        if (!document.path("codesign").isObject()) {
            return ACKNOWLEDGE.run(thingName, execution);
        }
        String url = document.path("presign").asText(null);
        if (url == null) {
            return CompletableFuture.completedFuture(
                    Outcome.failed("the job document has a codesign block but no presign URL of its artifact"));
        }
        CodesignBlock block;
        try {
            block = CodesignBlock.of(document.path("codesign"));
        } catch (CodesignException malformed) {
            return CompletableFuture.completedFuture(refused(malformed));
        }
        return http.sendAsync(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> {
                    if (response.statusCode() != 200) {
                        return Outcome.failed("downloading the artifact answered HTTP " + response.statusCode());
                    }
                    try {
                        verifier.verify(block, response.body());
                        return new Outcome("SUCCEEDED", Map.of("installed", url.replaceFirst("\\?.*", "")));
                    } catch (CodesignException refused) {
                        return refused(refused);
                    }
                });
    }

    private static Outcome refused(CodesignException refused) {
        return new Outcome("FAILED", Map.of("reason", refused.reason().name(), "message", refused.getMessage()));
    }
}
