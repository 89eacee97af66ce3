package io.iotdm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Code signing walked with the AWS CLI unchanged, through the gateway (SigV4 signing name {@code signer}): a profile,
 * a signing job over an artifact put in the S3 store, and the signature checked with the JDK over the stored bytes
 * (issue 18's "Done when", without the job document part); skipped when {@code aws} is not on PATH.
 */
class SignerCliEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aProfileSignsAnArtifactOfTheStoreAndARevokedOneRefuses() throws Exception {
        assumeThat(AwsCli.onPath()).as("aws on PATH").isTrue();
        String profile = "e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String bucket = "e2e-signer-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] artifact = new byte[256 * 1024];
        new Random(18).nextBytes(artifact);
        try (S3Client s3 = Suite.s3(Suite.addresses())) {
            s3.createBucket(b -> b.bucket(bucket));
            s3.putObject(b -> b.bucket(bucket).key("firmware.bin"), RequestBody.fromBytes(artifact));

            assertThat(AwsCli.run("signer", "list-signing-platforms")
                            .path("platforms")
                            .findValuesAsText("platformId"))
                    .contains("AmazonFreeRTOS-Default", "AWSIoTDeviceManagement-SHA256-ECDSA");
            JsonNode put = AwsCli.run(
                    "signer",
                    "put-signing-profile",
                    "--profile-name",
                    profile,
                    "--platform-id",
                    "AmazonFreeRTOS-Default",
                    "--signing-material",
                    "certificateArn=arn:aws:acm:us-east-1:123456789012:certificate/" + UUID.randomUUID());
            String version = put.path("profileVersion").asText();

            String jobId = AwsCli.run(
                            "signer",
                            "start-signing-job",
                            "--profile-name",
                            profile,
                            "--source",
                            "s3={bucketName=" + bucket + ",key=firmware.bin,version=1}",
                            "--destination",
                            "s3={bucketName=" + bucket + ",prefix=signed/}")
                    .path("jobId")
                    .asText();
            JsonNode job = AwsCli.run("signer", "describe-signing-job", "--job-id", jobId);
            assertThat(job.path("status").asText()).isEqualTo("Succeeded");
            assertThat(job.path("profileVersion").asText()).isEqualTo(version);
            String signedKey = job.path("signedObject").path("s3").path("key").asText();
            assertThat(signedKey).isEqualTo("signed/" + jobId);

            JsonNode signed = JSON.readTree(
                    s3.getObjectAsBytes(b -> b.bucket(bucket).key(signedKey)).asByteArray());
            byte[] stored = s3.getObjectAsBytes(b -> b.bucket(bucket).key("firmware.bin"))
                    .asByteArray();
            Signature verifier =
                    Signature.getInstance(signed.path("signatureAlgorithm").asText());
            verifier.initVerify(CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(
                            signed.path("certificate").asText().getBytes(StandardCharsets.US_ASCII))));
            verifier.update(stored);
            assertThat(verifier.verify(
                            Base64.getDecoder().decode(signed.path("signature").asText())))
                    .isTrue();

            AwsCli.run(
                    "signer",
                    "revoke-signing-profile",
                    "--profile-name",
                    profile,
                    "--profile-version",
                    version,
                    "--reason",
                    "e2e",
                    "--effective-time",
                    "2026-01-01T00:00:00Z");
            assertThat(AwsCli.run("signer", "get-signing-profile", "--profile-name", profile)
                            .path("status")
                            .asText())
                    .isEqualTo("Revoked");
            assertThatThrownBy(() -> AwsCli.run(
                            "signer",
                            "start-signing-job",
                            "--profile-name",
                            profile,
                            "--source",
                            "s3={bucketName=" + bucket + ",key=firmware.bin,version=1}",
                            "--destination",
                            "s3={bucketName=" + bucket + ",prefix=signed/}"))
                    .hasMessageContaining("ValidationException");
        }
    }
}
