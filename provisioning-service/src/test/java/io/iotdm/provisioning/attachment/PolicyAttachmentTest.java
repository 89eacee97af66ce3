package io.iotdm.provisioning.attachment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iotdm.events.ProvisioningChanges;
import io.iotdm.provisioning.ProvisioningTestResource;
import io.iotdm.provisioning.StoredCertificates;
import io.iotdm.provisioning.TestPeers;
import io.iotdm.testing.KafkaTopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

@QuarkusTest
@ProvisioningTestResource
public class PolicyAttachmentTest {

    static final String DOCUMENT =
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:Connect","Resource":"*"}]}""";

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    TestPeers peers;

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String policy() {
        String name = unique("policy");
        given().contentType(ContentType.JSON)
                .body(JsonMapper.builder()
                        .build()
                        .createObjectNode()
                        .put("policyDocument", DOCUMENT)
                        .toString())
                .post("/policies/" + name)
                .then()
                .statusCode(200);
        return name;
    }

    public static ValidatableResponse attach(String policy, String target) {
        return given().contentType(ContentType.JSON)
                .body("{\"target\":\"" + target + "\"}")
                .put("/target-policies/" + policy)
                .then();
    }

    static ValidatableResponse detach(String policy, String target) {
        return given().contentType(ContentType.JSON)
                .body("{\"target\":\"" + target + "\"}")
                .post("/target-policies/" + policy)
                .then();
    }

    static List<String> attached(String target, boolean recursive) {
        // the ARN's slash percent-encoded by the caller, as the SDKs encode a URI label (not by RestAssured again)
        return given().urlEncodingEnabled(false)
                .contentType(ContentType.JSON)
                .queryParam("recursive", recursive)
                .post("/attached-policies/" + target.replace("/", "%2F"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("policies.policyName");
    }

    @Test
    void aPolicyAttachedToACertificateIsListedBothWaysAndBlocksItsDeletion() {
        String certificate = StoredCertificates.arn(StoredCertificates.insert(sessions));
        String policy = policy();

        attach(policy, certificate).statusCode(200);
        attach(policy, certificate).statusCode(200); // again: nothing changes

        assertThat(attached(certificate, false)).containsExactly(policy);
        given().contentType(ContentType.JSON)
                .post("/policy-targets/" + policy)
                .then()
                .statusCode(200)
                .body("targets", equalTo(List.of(certificate)));
        given().delete("/policies/" + policy)
                .then()
                .statusCode(409)
                .header("x-amzn-ErrorType", "DeleteConflictException")
                .body(
                        "message",
                        equalTo(
                                "The policy cannot be deleted as the policy is attached to one or more principals (name="
                                        + policy + ")"));

        detach(policy, certificate).statusCode(200);
        detach(policy, certificate).statusCode(200); // not attached: still a success
        assertThat(attached(certificate, false)).isEmpty();
        given().delete("/policies/" + policy).then().statusCode(200);

        List<ProvisioningChanges.Change> changes = KafkaTopicReader.await(
                        ProvisioningChanges.TOPIC, record -> record.key().equals("POLICY_ATTACHMENT:" + certificate), 2)
                .stream()
                .map(record -> ProvisioningChanges.Change.parse(record.value().getBytes()))
                .toList();
        assertThat(changes)
                .extracting(ProvisioningChanges.Change::detail)
                .containsExactly("attached:" + policy, "detached:" + policy);
    }

    @Test
    void targetsMustExistAndBeOfAKindAwsAttachesTo() {
        String policy = policy();
        String unknownCertificate = StoredCertificates.arn("ab".repeat(32));
        attach(policy, unknownCertificate)
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("The certificate " + unknownCertificate + " does not exist"));
        String unknownGroup = TestPeers.groupArn(unique("nogroup"));
        attach(policy, unknownGroup)
                .statusCode(404)
                .body("message", equalTo("No thing group with ARN " + unknownGroup + " exists"));
        String dynamic = unique("dynamic");
        peers.dynamicGroup(dynamic);
        attach(policy, TestPeers.groupArn(dynamic))
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("Policies cannot be attached to a dynamic thing group: "
                                + TestPeers.groupArn(dynamic)));
        attach(policy, "arn:aws:iot:us-east-1:123456789012:thing/lamp")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
        attach(unique("nopolicy"), TestPeers.groupArn(dynamic))
                .statusCode(400); // the target is refused before the policy is looked up
        String group = unique("group");
        peers.group(group, null);
        attach(unique("nopolicy"), TestPeers.groupArn(group))
                .statusCode(404)
                .body("message", equalTo("Policy not found"));
        attach(policy, "us-east-1:" + UUID.randomUUID()).statusCode(200); // a Cognito identity
    }

    @Test
    void aTargetTakesTenPoliciesAtMost() {
        String certificate = StoredCertificates.arn(StoredCertificates.insert(sessions));
        for (int i = 0; i < 10; i++) {
            attach(policy(), certificate).statusCode(200);
        }
        attach(policy(), certificate)
                .statusCode(410)
                .header("x-amzn-ErrorType", "LimitExceededException")
                .body(
                        "message",
                        equalTo("The target " + certificate
                                + " already has the maximum number of policies attached (10)"));
    }

    @Test
    void recursiveListingsAndEffectivePoliciesFollowTheGroupAncestry() {
        String root = unique("root");
        String mid = unique("mid");
        String leaf = unique("leaf");
        peers.group(root, null);
        peers.group(mid, root);
        peers.group(leaf, mid);
        String onRoot = policy();
        String onLeaf = policy();
        String onCertificate = policy();
        attach(onRoot, TestPeers.groupArn(root)).statusCode(200);
        attach(onLeaf, TestPeers.groupArn(leaf)).statusCode(200);
        String certificate = StoredCertificates.arn(StoredCertificates.insert(sessions));
        attach(onCertificate, certificate).statusCode(200);
        attach(onRoot, certificate).statusCode(200); // twice in effect: listed once

        assertThat(attached(TestPeers.groupArn(leaf), false)).containsExactly(onLeaf);
        assertThat(attached(TestPeers.groupArn(leaf), true)).containsExactlyInAnyOrder(onLeaf, onRoot);

        String thing = unique("thing");
        peers.thing(thing);
        peers.member(thing, leaf);
        List<String> effective = given().contentType(ContentType.JSON)
                .queryParam("thingName", thing)
                .body("{\"principal\":\"" + certificate + "\"}")
                .post("/effective-policies")
                .then()
                .statusCode(200)
                .body("effectivePolicies.find { it.policyName == '" + onLeaf + "' }.policyDocument", equalTo(DOCUMENT))
                .extract()
                .jsonPath()
                .getList("effectivePolicies.policyName");
        assertThat(effective).containsExactlyInAnyOrder(onRoot, onLeaf, onCertificate);

        given().contentType(ContentType.JSON)
                .queryParam("thingName", unique("nothing"))
                .body("{}")
                .post("/effective-policies")
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException");
    }

    @Test
    void listingsPageWithMarkers() {
        String certificate = StoredCertificates.arn(StoredCertificates.insert(sessions));
        List<String> policies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String policy = policy();
            attach(policy, certificate).statusCode(200);
            policies.add(policy);
        }
        List<String> seen = new ArrayList<>();
        String marker = null;
        do {
            var request = given().urlEncodingEnabled(false)
                    .contentType(ContentType.JSON)
                    .queryParam("pageSize", 2);
            if (marker != null) {
                request.queryParam("marker", URLEncoder.encode(marker, StandardCharsets.UTF_8));
            }
            var page = request.post("/attached-policies/" + certificate.replace("/", "%2F"))
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            seen.addAll(page.getList("policies.policyName"));
            marker = page.getString("nextMarker");
        } while (marker != null);
        assertThat(seen).containsExactlyElementsOf(policies.stream().sorted().toList());
    }
}
