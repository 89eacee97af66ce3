package io.iotdm.jobs.signing;

import static io.iotdm.jobs.signing.SignerCalls.FREE_RTOS;
import static io.iotdm.jobs.signing.SignerCalls.JSON;
import static io.iotdm.jobs.signing.SignerCalls.activeProfile;
import static io.iotdm.jobs.signing.SignerCalls.bucket;
import static io.iotdm.jobs.signing.SignerCalls.profileBody;
import static io.iotdm.jobs.signing.SignerCalls.putObject;
import static io.iotdm.jobs.signing.SignerCalls.putProfile;
import static io.iotdm.jobs.signing.SignerCalls.revoke;
import static io.iotdm.jobs.signing.SignerCalls.signer;
import static io.iotdm.jobs.signing.SignerCalls.startJob;
import static io.iotdm.jobs.signing.SignerCalls.uniqueProfile;
import static io.iotdm.jobs.signing.SignerCalls.verifies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.codesign.CodesignBlock;
import io.iotdm.codesign.CodesignException;
import io.iotdm.codesign.CodesignVerifier;
import io.iotdm.jobs.JobCalls;
import io.iotdm.jobs.JobsTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Jobs whose documents carry a signing job's codesign block (docs/aws-behaviour.md §10.5) and presigned URLs of the
 * S3 store (§5.22), over devstack's store: a device downloads the artifact with the URL it gets and verifies it with
 * platform/codesign; and code-signing material imported from the import directory (§10.2).
 */
@QuarkusTest
@JobsTestResource
class SignedJobDocumentsTest {

    private static final String SOURCES = "signed-documents-sources";
    private static final String SIGNED = "signed-documents-signed";
    private static final String ROLE = "arn:aws:iam::123456789012:role/iotdm-presign";

    @Test
    void aDeviceDownloadsTheArtifactWithThePresignedUrlAndVerifiesTheFilledCodesignBlock() throws Exception {
        String profile = uniqueProfile();
        activeProfile(profile);
        byte[] artifact = new byte[200_000];
        new Random(11).nextBytes(artifact);
        String key = "firmware/" + UUID.randomUUID() + ".bin";
        String signingJob = signed(profile, key, artifact);
        String thing = JobCalls.unique("signed");
        String jobId = JobCalls.unique("ota");

        JobCalls.createJob(jobId, signedJob(key, signingJob, thing, true)).statusCode(200);

        JsonNode stored = JSON.readTree(JobCalls.control()
                .get("/jobs/" + jobId + "/job-document?beforeSubstitution=true")
                .then()
                .statusCode(200)
                .extract()
                .<String>path("document"));
        assertThat(stored.path("presign").asText())
                .isEqualTo("${aws:iot:s3-presigned-url:https://s3.amazonaws.com/" + SOURCES + "/" + key + "}");
        assertThat(stored.path("codesign")
                        .path("payloadLocation")
                        .path("s3")
                        .path("key")
                        .asText())
                .isEqualTo(key);
        assertThat(stored.path("codesign").path("hashAlgorithm").asText()).isEqualTo("SHA256");
        JobCalls.describeJob(jobId)
                .statusCode(200)
                .body("job.presignedUrlConfig.roleArn", equalTo(ROLE))
                .body("job.presignedUrlConfig.expiresInSec", equalTo(300));

        JsonNode document = JSON.readTree(JobCalls.device()
                .get("/things/" + thing + "/jobs/" + jobId)
                .then()
                .statusCode(200)
                .extract()
                .<String>path("execution.jobDocument"));
        String url = document.path("presign").asText();
        assertThat(url).contains("X-Amz-Signature=").contains("X-Amz-Expires=300");
        byte[] downloaded = download(url);
        assertThat(downloaded).isEqualTo(artifact);

        CodesignBlock block = CodesignBlock.of(document.path("codesign"));
        CodesignVerifier device = CodesignVerifier.trusting(block.certificate());
        device.verify(block, downloaded);
        downloaded[downloaded.length - 1] ^= 1;
        assertThatThrownBy(() -> device.verify(block, downloaded))
                .isInstanceOfSatisfying(CodesignException.class, e -> assertThat(e.reason())
                        .isEqualTo(CodesignException.Reason.TAMPERED));
    }

    @Test
    void aJobNamingAnUnusableSigningJobOrWithoutPresignedUrlConfigIsRefused() {
        String profile = uniqueProfile();
        String version = activeProfile(profile);
        String key = "firmware/" + UUID.randomUUID() + ".bin";
        String signingJob = signed(profile, key, "image".getBytes(StandardCharsets.UTF_8));
        String thing = JobCalls.unique("signed");

        JobCalls.createJob(JobCalls.unique("ota"), signedJob(key, signingJob, thing, false))
                .statusCode(400)
                .header("x-amzn-ErrorType", equalTo("InvalidRequestException"))
                .body(
                        "message",
                        equalTo("The job document has a presigned URL placeholder"
                                + " (${aws:iot:s3-presigned-url:...}); presignedUrlConfig with a roleArn is"
                                + " required."));
        JobCalls.createJob(JobCalls.unique("ota"), signedJob(key, "no-such-signing-job", thing, true))
                .statusCode(404)
                .header("x-amzn-ErrorType", equalTo("ResourceNotFoundException"))
                .body("message", equalTo("Signing job no-such-signing-job does not exist."));
        String missing = startJob(
                        profile,
                        SOURCES,
                        "no/such.bin",
                        SIGNED,
                        UUID.randomUUID().toString())
                .statusCode(200)
                .extract()
                .path("jobId");
        JobCalls.createJob(JobCalls.unique("ota"), signedJob(key, missing, thing, true))
                .statusCode(400)
                .header("x-amzn-ErrorType", equalTo("InvalidRequestException"));

        revoke(profile, version).statusCode(200);
        JobCalls.createJob(JobCalls.unique("ota"), signedJob(key, signingJob, thing, true))
                .statusCode(400)
                .header("x-amzn-ErrorType", equalTo("InvalidRequestException"))
                .body(
                        "message",
                        equalTo("The signing profile " + profile + " of signing job " + signingJob
                                + " is Revoked; its signatures cannot be used in a new job."));
    }

    @Test
    void importedMaterialSignsWithTheImportedKey() throws Exception {
        String profile = uniqueProfile();
        putProfile(
                        profile,
                        profileBody(
                                FREE_RTOS,
                                "arn:aws:acm:us-east-1:" + SignerCalls.ACCOUNT + ":certificate/imported-test-material"))
                .statusCode(200);
        byte[] payload = "a small payload".getBytes(StandardCharsets.UTF_8);

        String signature = signer().body(JSON.createObjectNode()
                        .put("profileName", profile)
                        .put("payload", Base64.getEncoder().encodeToString(payload))
                        .put("payloadFormat", "JSON")
                        .toString())
                .post("/signing-jobs/with-payload")
                .then()
                .statusCode(200)
                .extract()
                .path("signature");

        String imported =
                Files.readString(Path.of("src/test/resources/signing-import/imported-test-material/certificate.pem"));
        assertThat(verifies(imported, Base64.getDecoder().decode(signature), payload))
                .isTrue();
    }

    /** A Succeeded signing job over the artifact, stored at {@code key}. */
    private static String signed(String profile, String key, byte[] artifact) {
        putObject(SOURCES, key, artifact);
        bucket(SIGNED);
        return startJob(profile, SOURCES, key, SIGNED, UUID.randomUUID().toString())
                .statusCode(200)
                .extract()
                .path("jobId");
    }

    private static ObjectNode signedJob(String key, String signingJob, String thing, boolean presignedUrlConfig) {
        ObjectNode document = JSON.createObjectNode()
                .put("presign", "${aws:iot:s3-presigned-url:https://s3.amazonaws.com/" + SOURCES + "/" + key + "}");
        document.putObject("codesign").put("awsSignerJobId", signingJob);
        ObjectNode body = JobCalls.job(JobCalls.thingArn(thing)).put("document", document.toString());
        if (presignedUrlConfig) {
            body.putObject("presignedUrlConfig").put("roleArn", ROLE).put("expiresInSec", 300);
        }
        return body;
    }

    private static byte[] download(String url) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> response =
                    http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        }
    }
}
