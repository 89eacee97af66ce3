package io.iotdm.jobs.signing;

import static io.iotdm.jobs.signing.SignerCalls.FREE_RTOS;
import static io.iotdm.jobs.signing.SignerCalls.JSON;
import static io.iotdm.jobs.signing.SignerCalls.activeProfile;
import static io.iotdm.jobs.signing.SignerCalls.base64;
import static io.iotdm.jobs.signing.SignerCalls.bucket;
import static io.iotdm.jobs.signing.SignerCalls.describeJob;
import static io.iotdm.jobs.signing.SignerCalls.getObject;
import static io.iotdm.jobs.signing.SignerCalls.putObject;
import static io.iotdm.jobs.signing.SignerCalls.revoke;
import static io.iotdm.jobs.signing.SignerCalls.signer;
import static io.iotdm.jobs.signing.SignerCalls.startJob;
import static io.iotdm.jobs.signing.SignerCalls.uniqueProfile;
import static io.iotdm.jobs.signing.SignerCalls.verifies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdm.jobs.JobsTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Signing jobs over devstack's S3 store and SignPayload: each signature iotdm makes is checked with the JDK alone,
 * over the exact bytes the store holds.
 */
@QuarkusTest
@JobsTestResource
class SigningJobsTest {

    private static final String SOURCES = "signer-sources";
    private static final String SIGNED = "signer-signed";

    @Inject
    Pool pool;

    @Test
    void aSigningJobSignsTheStoredBytesAndADeviceCanTellATamperedArtifact() throws Exception {
        String profile = uniqueProfile();
        String version = activeProfile(profile);
        byte[] artifact = new byte[1024 * 1024];
        new Random(7).nextBytes(artifact);
        String key = "firmware/" + UUID.randomUUID() + ".bin";
        putObject(SOURCES, key, artifact);
        bucket(SIGNED);
        String token = UUID.randomUUID().toString();

        String jobId = startJob(profile, SOURCES, key, SIGNED, token)
                .statusCode(200)
                .body("jobOwner", equalTo("123456789012"))
                .extract()
                .path("jobId");
        JsonPath job = describeJob(jobId)
                .statusCode(200)
                .body("status", equalTo("Succeeded"))
                .body("statusReason", nullValue())
                .body("profileName", equalTo(profile))
                .body("profileVersion", equalTo(version))
                .body("platformId", equalTo(FREE_RTOS))
                .body("platformDisplayName", equalTo("Amazon FreeRTOS"))
                .body("source.s3.bucketName", equalTo(SOURCES))
                .body("source.s3.key", equalTo(key))
                .body("source.s3.version", equalTo("v1"))
                .body("signedObject.s3.bucketName", equalTo(SIGNED))
                .body("signedObject.s3.key", equalTo("signed/" + jobId))
                .body("createdAt", notNullValue())
                .body("completedAt", notNullValue())
                .body("signatureExpiresAt", notNullValue())
                .extract()
                .jsonPath();
        assertThat(job.getDouble("signatureExpiresAt")).isGreaterThan(job.getDouble("completedAt"));

        JsonNode signed = JSON.readTree(getObject(SIGNED, "signed/" + jobId));
        assertThat(signed.path("rawPayloadSize").asLong()).isEqualTo(artifact.length);
        assertThat(signed.path("signatureAlgorithm").asText()).isEqualTo("SHA256withECDSA");
        assertThat(signed.path("payloadLocation").path("s3").path("key").asText())
                .isEqualTo(key);
        String certificate = signed.path("certificate").asText();
        byte[] signature = base64(signed.path("signature").asText());
        assertThat(verifies(certificate, signature, getObject(SOURCES, key))).isTrue();

        byte[] tampered = getObject(SOURCES, key);
        tampered[tampered.length / 2] ^= 1;
        assertThat(verifies(certificate, signature, tampered)).isFalse();

        // the same clientRequestToken is the same job
        startJob(profile, SOURCES, key, SIGNED, token).statusCode(200).body("jobId", equalTo(jobId));
    }

    @Test
    void aJobWhoseSourceIsMissingOrTooLargeOrWhoseDestinationFailsIsWrittenFailedWithTheReason() {
        String profile = uniqueProfile();
        activeProfile(profile);
        bucket(SIGNED);
        String missing = startJob(
                        profile,
                        SOURCES,
                        "no/such/object.bin",
                        SIGNED,
                        UUID.randomUUID().toString())
                .statusCode(200)
                .extract()
                .path("jobId");
        describeJob(missing)
                .statusCode(200)
                .body("status", equalTo("Failed"))
                .body("statusReason", containsString("does not exist"))
                .body("signedObject", nullValue())
                .body("signatureExpiresAt", nullValue());
        assertThat(signer().get("/signing-jobs?status=Failed&maxResults=25")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("jobs.jobId"))
                .contains(missing);

        String key = "firmware/" + UUID.randomUUID() + ".bin";
        putObject(SOURCES, key, "image".getBytes(StandardCharsets.UTF_8));
        String noBucket = startJob(
                        profile, SOURCES, key, "no-such-bucket-" + UUID.randomUUID(), "t-" + UUID.randomUUID())
                .statusCode(200)
                .extract()
                .path("jobId");
        describeJob(noBucket)
                .statusCode(200)
                .body("status", equalTo("Failed"))
                .body("statusReason", containsString("does not exist"));

        // AmazonFreeRTOS-Default signs at most 16 MB
        String large = "firmware/" + UUID.randomUUID() + ".bin";
        putObject(SOURCES, large, new byte[16 * 1024 * 1024 + 1]);
        String tooLarge = startJob(
                        profile, SOURCES, large, SIGNED, UUID.randomUUID().toString())
                .statusCode(200)
                .extract()
                .path("jobId");
        describeJob(tooLarge)
                .statusCode(200)
                .body("status", equalTo("Failed"))
                .body("statusReason", containsString("more than the platform's limit of 16777216 bytes"))
                .body("signedObject", nullValue());
    }

    @Test
    void onlyAnActiveProfileSigns() {
        String key = "firmware/" + UUID.randomUUID() + ".bin";
        putObject(SOURCES, key, "image".getBytes(StandardCharsets.UTF_8));
        bucket(SIGNED);
        String revoked = uniqueProfile();
        revoke(revoked, activeProfile(revoked)).statusCode(200);
        startJob(revoked, SOURCES, key, SIGNED, UUID.randomUUID().toString())
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("ValidationException"))
                .body("message", containsString("Revoked"));
        signPayload(revoked, "hello").statusCode(400).body("message", containsString("Revoked"));

        String canceled = uniqueProfile();
        activeProfile(canceled);
        signer().delete("/signing-profiles/" + canceled).then().statusCode(200);
        startJob(canceled, SOURCES, key, SIGNED, UUID.randomUUID().toString())
                .statusCode(400)
                .body("message", containsString("Canceled"));

        startJob(uniqueProfile(), SOURCES, key, SIGNED, UUID.randomUUID().toString())
                .statusCode(404)
                .header("x-amzn-ErrorType", containsString("ResourceNotFoundException"));
        signer().body("{\"profileName\":\"" + revoked + "\",\"clientRequestToken\":\"t\",\"source\":{},"
                        + "\"destination\":{}}")
                .post("/signing-jobs")
                .then()
                .statusCode(400)
                .body("message", containsString("source"));
        describeJob("no-such-job")
                .statusCode(404)
                .header("x-amzn-ErrorType", containsString("ResourceNotFoundException"));
    }

    @Test
    void signPayloadSignsTheBytesWithTheProfilesCertificate() throws Exception {
        String profile = uniqueProfile();
        String version = activeProfile(profile);
        // the profile's certificate, as a signed object carries it
        String key = "firmware/" + UUID.randomUUID() + ".bin";
        putObject(SOURCES, key, "image".getBytes(StandardCharsets.UTF_8));
        bucket(SIGNED);
        String jobId = startJob(profile, SOURCES, key, SIGNED, UUID.randomUUID().toString())
                .statusCode(200)
                .extract()
                .path("jobId");
        String certificate = JSON.readTree(getObject(SIGNED, "signed/" + jobId))
                .path("certificate")
                .asText();

        byte[] payload = "{\"digest\":\"sha256:0123\"}".getBytes(StandardCharsets.UTF_8);
        JsonPath answer = signPayload(profile, new String(payload, StandardCharsets.UTF_8))
                .statusCode(200)
                .body("jobOwner", equalTo("123456789012"))
                .body(
                        "metadata.signingProfileVersionArn",
                        equalTo("arn:aws:signer:us-east-1:123456789012:/signing-profiles/" + profile + "/" + version))
                .extract()
                .jsonPath();
        byte[] signature = base64(answer.getString("signature"));
        assertThat(verifies(certificate, signature, payload)).isTrue();
        payload[0] ^= 1;
        assertThat(verifies(certificate, signature, payload)).isFalse();
        describeJob(answer.getString("jobId"))
                .statusCode(200)
                .body("status", equalTo("Succeeded"))
                .body("profileVersion", equalTo(version))
                .body("source", nullValue());
    }

    @Test
    void jobsPageNewestFirst() {
        String profile = uniqueProfile();
        activeProfile(profile);
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            made.add(signPayload(profile, "payload " + i)
                    .statusCode(200)
                    .extract()
                    .path("jobId"));
        }
        JsonPath first = signer().get("/signing-jobs?maxResults=2")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(first.getList("jobs.jobId")).containsExactly(made.get(2), made.get(1));
        assertThat(first.getBoolean("jobs[0].isRevoked")).isFalse();
        signer().queryParam("maxResults", 2)
                .queryParam("nextToken", first.getString("nextToken"))
                .get("/signing-jobs")
                .then()
                .statusCode(200)
                .body("jobs[0].jobId", equalTo(made.get(0)));
        signer().queryParam("nextToken", first.getString("nextToken"))
                .queryParam("status", "Failed")
                .get("/signing-jobs")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("ValidationException"));
        signer().get("/signing-jobs?isRevoked=true").then().statusCode(200).body("jobs", equalTo(List.of()));
    }

    @Test
    void aProfileCanceledAfterItSignedSignsNoMore() {
        String profile = uniqueProfile();
        activeProfile(profile);
        signPayload(profile, "before").statusCode(200);
        signer().delete("/signing-profiles/" + profile).then().statusCode(200);
        signPayload(profile, "after")
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("ValidationException"))
                .body("message", containsString("Canceled"));
    }

    @Test
    void aProfileChangedByAnotherInstanceIsReadAgainBeforeAJobIsWritten() {
        String profile = uniqueProfile();
        activeProfile(profile);
        signPayload(profile, "first").statusCode(200);
        // another instance's PutSigningProfile and RevokeSigningProfile, which this instance does not see happen
        changeProfileRow(profile, "profile_version = 'NewVersion1'");
        String second = signPayload(profile, "second")
                .statusCode(200)
                .body("metadata.signingProfileVersionArn", endsWith("/signing-profiles/" + profile + "/NewVersion1"))
                .extract()
                .path("jobId");
        describeJob(second).statusCode(200).body("profileVersion", equalTo("NewVersion1"));
        changeProfileRow(profile, "status = 'Revoked'");
        signPayload(profile, "third")
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("ValidationException"))
                .body("message", containsString("Revoked"));
        // the refused signature left no job
        assertThat(pool.preparedQuery("SELECT count(*) FROM signing_job WHERE profile_name = $1")
                        .execute(Tuple.of(profile))
                        .await()
                        .indefinitely()
                        .iterator()
                        .next()
                        .getLong(0))
                .isEqualTo(2);
    }

    @Test
    void concurrentSignaturesAreEachAnsweredOnceTheirJobIsWritten() throws Exception {
        String profile = uniqueProfile();
        activeProfile(profile);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> calls = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String payload = "payload " + i;
                calls.add(callers.submit(() ->
                        signPayload(profile, payload).statusCode(200).extract().<String>path("jobId")));
            }
            for (Future<String> call : calls) {
                describeJob(call.get()).statusCode(200).body("status", equalTo("Succeeded"));
            }
        } finally {
            callers.shutdown();
        }
    }

    private void changeProfileRow(String profile, String assignment) {
        pool.preparedQuery("UPDATE signing_profile SET " + assignment + " WHERE profile_name = $1")
                .execute(Tuple.of(profile))
                .await()
                .indefinitely();
    }

    private static io.restassured.response.ValidatableResponse signPayload(String profile, String payload) {
        return signer().body(JSON.createObjectNode()
                        .put("profileName", profile)
                        .put("payloadFormat", "application/json")
                        .put("payload", Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8)))
                        .toString())
                .post("/signing-jobs/with-payload")
                .then();
    }
}
