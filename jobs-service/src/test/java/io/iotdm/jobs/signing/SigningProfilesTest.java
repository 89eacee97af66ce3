package io.iotdm.jobs.signing;

import static io.iotdm.jobs.signing.SignerCalls.FREE_RTOS;
import static io.iotdm.jobs.signing.SignerCalls.activeProfile;
import static io.iotdm.jobs.signing.SignerCalls.getProfile;
import static io.iotdm.jobs.signing.SignerCalls.newCertificateArn;
import static io.iotdm.jobs.signing.SignerCalls.profileBody;
import static io.iotdm.jobs.signing.SignerCalls.putProfile;
import static io.iotdm.jobs.signing.SignerCalls.revoke;
import static io.iotdm.jobs.signing.SignerCalls.signer;
import static io.iotdm.jobs.signing.SignerCalls.uniqueProfile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.jobs.JobsTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The signing platforms and the life of a signing profile: AWS's members, statuses and errors. */
@QuarkusTest
@JobsTestResource
class SigningProfilesTest {

    @Inject
    Pool pool;

    @Test
    void platformsAreAwsIotEcdsaSha256AndPageByMaxResults() {
        signer().get("/signing-platforms/" + FREE_RTOS)
                .then()
                .statusCode(200)
                .body("platformId", equalTo(FREE_RTOS))
                .body("displayName", equalTo("Amazon FreeRTOS"))
                .body("category", equalTo("AWSIoT"))
                .body("signingConfiguration.encryptionAlgorithmOptions.defaultValue", equalTo("ECDSA"))
                .body("signingConfiguration.hashAlgorithmOptions.allowedValues", equalTo(List.of("SHA256")))
                .body("signingImageFormat.defaultFormat", equalTo("JSONDetached"))
                .body("maxSizeInMB", equalTo(16));
        signer().get("/signing-platforms/NoSuchPlatform")
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", containsString("ResourceNotFoundException"))
                .body("message", containsString("NoSuchPlatform"));

        JsonPath first = signer().get("/signing-platforms?maxResults=1")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(first.getList("platforms")).hasSize(1);
        String second = signer().queryParam("maxResults", 1)
                .queryParam("nextToken", first.getString("nextToken"))
                .get("/signing-platforms")
                .then()
                .statusCode(200)
                .extract()
                .path("platforms[0].platformId");
        assertThat(List.of(first.getString("platforms[0].platformId"), second))
                .containsExactlyInAnyOrder(FREE_RTOS, "AWSIoTDeviceManagement-SHA256-ECDSA");
        signer().queryParam("partner", "AWSIoTDeviceManagement")
                .get("/signing-platforms")
                .then()
                .statusCode(200)
                .body("platforms.platformId", equalTo(List.of("AWSIoTDeviceManagement-SHA256-ECDSA")));
        signer().queryParam("nextToken", "forged")
                .get("/signing-platforms")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("ValidationException"));
    }

    @Test
    void aProfileGetsItsMaterialOnFirstUseAndANewVersionOnlyWhenASettingChanges() {
        String name = uniqueProfile();
        String certificateArn = newCertificateArn();
        ObjectNode body = profileBody(FREE_RTOS, certificateArn);
        JsonPath put = putProfile(name, body)
                .statusCode(200)
                .body("arn", equalTo("arn:aws:signer:us-east-1:123456789012:/signing-profiles/" + name))
                .body("profileVersion", matchesPattern("[a-zA-Z0-9]{10}"))
                .extract()
                .jsonPath();
        String version = put.getString("profileVersion");
        assertThat(put.getString("profileVersionArn")).isEqualTo(put.getString("arn") + "/" + version);

        String answer = getProfile(name)
                .statusCode(200)
                .body("profileName", equalTo(name))
                .body("profileVersion", equalTo(version))
                .body("status", equalTo("Active"))
                .body("platformId", equalTo(FREE_RTOS))
                .body("platformDisplayName", equalTo("Amazon FreeRTOS"))
                .body("signingMaterial.certificateArn", equalTo(certificateArn))
                .body("signatureValidityPeriod.value", equalTo(135))
                .body("signatureValidityPeriod.type", equalTo("MONTHS"))
                .body("revocationRecord", nullValue())
                .extract()
                .asString();
        assertThat(answer).doesNotContain("PRIVATE KEY");
        // at rest the private key is sealed, never PKCS#8 in the clear
        String sealed = pool.preparedQuery("SELECT sealed_private_key FROM signing_material WHERE certificate_arn = $1")
                .execute(Tuple.of(certificateArn))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getString(0);
        assertThat(sealed).startsWith("iotdm-sealed-key:v1:").doesNotContain("PRIVATE");

        putProfile(name, body).statusCode(200).body("profileVersion", equalTo(version));
        body.putObject("signatureValidityPeriod").put("value", 2).put("type", "YEARS");
        putProfile(name, body).statusCode(200).body("profileVersion", not(equalTo(version)));
        getProfile(name).statusCode(200).body("signatureValidityPeriod.type", equalTo("YEARS"));
    }

    @Test
    void badProfilesAreRefusedWithTheSignerErrors() {
        String name = uniqueProfile();
        putProfile(name, profileBody("NoSuchPlatform", newCertificateArn()))
                .statusCode(404)
                .header("x-amzn-ErrorType", containsString("ResourceNotFoundException"));
        putProfile(name, SignerCalls.JSON.createObjectNode().put("platformId", FREE_RTOS))
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("ValidationException"))
                .body("message", containsString("signingMaterial"));
        putProfile(name, profileBody(FREE_RTOS, "arn:aws:acm:us-east-1:123456789012:not-a-certificate"))
                .statusCode(400)
                .body("message", containsString("certificateArn"));
        putProfile(name, profileBody(FREE_RTOS, "arn:aws:acm:eu-west-1:123456789012:certificate/abc"))
                .statusCode(400)
                .body("message", containsString("another region or account"));
        ObjectNode sha1 = profileBody(FREE_RTOS, newCertificateArn());
        sha1.putObject("overrides").putObject("signingConfiguration").put("hashAlgorithm", "SHA1");
        putProfile(name, sha1).statusCode(400).body("message", containsString("SHA1"));
        putProfile("x", profileBody(FREE_RTOS, newCertificateArn()))
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("ValidationException"))
                .body("message", containsString("profileName"));
        getProfile(name).statusCode(404).header("x-amzn-ErrorType", containsString("ResourceNotFoundException"));
        signer().delete("/signing-profiles/" + name).then().statusCode(404);
    }

    @Test
    void aCanceledProfileStaysVisibleButItsNameCannotBeReused() {
        String name = uniqueProfile();
        activeProfile(name);
        signer().delete("/signing-profiles/" + name).then().statusCode(200);
        getProfile(name).statusCode(200).body("status", equalTo("Canceled"));
        assertThat(listedNames(Map.of())).doesNotContain(name);
        assertThat(listedNames(Map.of("includeCanceled", "true"))).contains(name);
        putProfile(name, profileBody(FREE_RTOS, newCertificateArn()))
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("ValidationException"))
                .body("message", containsString("canceled"));
    }

    @Test
    void revocationIsRecordedAndVisible() {
        String name = uniqueProfile();
        String version = activeProfile(name);
        revoke(name, "AAAAAAAAAA").statusCode(400).body("message", containsString(version));
        revoke(name, version).statusCode(200);
        getProfile(name)
                .statusCode(200)
                .body("status", equalTo("Revoked"))
                .body("statusReason", equalTo("key leaked"))
                .body("revocationRecord.revocationEffectiveFrom", equalTo(1767225600))
                .body("revocationRecord.revokedAt", notNullValue())
                .body("revocationRecord.revokedBy", equalTo("arn:aws:iam::123456789012:root"));
        revoke(name, version).statusCode(400).body("message", containsString("already revoked"));
        assertThat(listedNames(Map.of("statuses", "Revoked"))).contains(name);
        assertThat(listedNames(Map.of("statuses", "Active"))).doesNotContain(name);
        signer().get("/signing-profiles?statuses=Gone")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("ValidationException"));
    }

    @Test
    void profilesPageInNameOrder() {
        String platform = "AWSIoTDeviceManagement-SHA256-ECDSA";
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String name = uniqueProfile();
            putProfile(name, profileBody(platform, newCertificateArn())).statusCode(200);
            made.add(name);
        }
        List<String> listed = new ArrayList<>();
        String token = null;
        do {
            var request = signer().queryParam("platformId", platform).queryParam("maxResults", 2);
            if (token != null) {
                request.queryParam("nextToken", token);
            }
            JsonPath page = request.get("/signing-profiles")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(page.getList("profiles")).hasSizeLessThanOrEqualTo(2);
            listed.addAll(page.getList("profiles.profileName"));
            page.getList("profiles.platformId").forEach(id -> assertThat(id).isEqualTo(platform));
            token = page.getString("nextToken");
        } while (token != null);
        assertThat(listed).containsAll(made).isSorted();
        signer().get("/signing-profiles?maxResults=26")
                .then()
                .statusCode(400)
                .body("message", containsString("maxResults"));
    }

    /** Every profile name ListSigningProfiles lists with these query parameters, page after page. */
    private static List<String> listedNames(Map<String, String> query) {
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            var request = signer().queryParams(query);
            if (token != null) {
                request.queryParam("nextToken", token);
            }
            JsonPath page = request.get("/signing-profiles")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            names.addAll(page.getList("profiles.profileName"));
            token = page.getString("nextToken");
        } while (token != null);
        return names;
    }
}
