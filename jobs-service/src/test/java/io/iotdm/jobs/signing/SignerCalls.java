package io.iotdm.jobs.signing;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The signer operations as the tests call them (signed {@code signer}), and devstack's S3 store as a caller sees it. */
final class SignerCalls {

    static final JsonMapper JSON = new JsonMapper();
    static final String ACCOUNT = "123456789012";
    static final String FREE_RTOS = "AmazonFreeRTOS-Default";

    private static S3Client s3;

    private SignerCalls() {}

    /** A profile name of the model's pattern ({@code [a-zA-Z0-9_]{2,}}), new to each test. */
    static String uniqueProfile() {
        return "p_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** A certificate ARN iotdm does not hold yet: its material is made when a profile first names it. */
    static String newCertificateArn() {
        return "arn:aws:acm:us-east-1:" + ACCOUNT + ":certificate/" + UUID.randomUUID();
    }

    static RequestSpecification signer() {
        return given().contentType(ContentType.JSON).header("x-iotdm-signing-service", "signer");
    }

    static ObjectNode profileBody(String platformId, String certificateArn) {
        ObjectNode body = JSON.createObjectNode().put("platformId", platformId);
        body.putObject("signingMaterial").put("certificateArn", certificateArn);
        return body;
    }

    static ValidatableResponse putProfile(String profileName, ObjectNode body) {
        return signer().body(body.toString())
                .put("/signing-profiles/" + profileName)
                .then();
    }

    /** A new Active profile of the FreeRTOS platform with new material; its version. */
    static String activeProfile(String profileName) {
        return putProfile(profileName, profileBody(FREE_RTOS, newCertificateArn()))
                .statusCode(200)
                .extract()
                .path("profileVersion");
    }

    static ValidatableResponse getProfile(String profileName) {
        return signer().get("/signing-profiles/" + profileName).then();
    }

    static ValidatableResponse revoke(String profileName, String profileVersion) {
        return signer().body("{\"profileVersion\":\"" + profileVersion + "\",\"reason\":\"key leaked\","
                        + "\"effectiveTime\":1767225600}")
                .put("/signing-profiles/" + profileName + "/revoke")
                .then();
    }

    static ValidatableResponse startJob(
            String profileName, String bucket, String key, String destinationBucket, String token) {
        ObjectNode body =
                JSON.createObjectNode().put("profileName", profileName).put("clientRequestToken", token);
        body.putObject("source")
                .putObject("s3")
                .put("bucketName", bucket)
                .put("key", key)
                .put("version", "v1");
        body.putObject("destination")
                .putObject("s3")
                .put("bucketName", destinationBucket)
                .put("prefix", "signed/");
        return signer().body(body.toString()).post("/signing-jobs").then();
    }

    static ValidatableResponse describeJob(String jobId) {
        return signer().get("/signing-jobs/" + jobId).then();
    }

    /** Verifies an ECDSA signature with the JDK alone, against the certificate's public key. */
    static boolean verifies(String certificatePem, byte[] signature, byte[] signed) throws Exception {
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)));
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(signed);
        return verifier.verify(signature);
    }

    static byte[] base64(String text) {
        return Base64.getDecoder().decode(text);
    }

    static synchronized S3Client s3() {
        if (s3 == null) {
            var config = ConfigProvider.getConfig();
            s3 = S3Client.builder()
                    .endpointOverride(URI.create(config.getValue("iotdm.s3.endpoint", String.class)))
                    .region(Region.of(config.getValue("iotdm.s3.region", String.class)))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                            config.getValue("iotdm.s3.access-key", String.class),
                            config.getValue("iotdm.s3.secret-key", String.class))))
                    .forcePathStyle(true)
                    .httpClient(UrlConnectionHttpClient.create())
                    // S3Proxy does not take the SDK's default chunked checksums on upload
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .build();
        }
        return s3;
    }

    static void bucket(String name) {
        try {
            s3().createBucket(b -> b.bucket(name));
        } catch (S3Exception e) {
            if (e.statusCode() != 409) {
                throw e;
            }
        }
    }

    static void putObject(String bucket, String key, byte[] bytes) {
        bucket(bucket);
        s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    static byte[] getObject(String bucket, String key) {
        return s3().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }
}
