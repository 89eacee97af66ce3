package io.iotdm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.DeleteConflictException;
import software.amazon.awssdk.services.iot.model.ListPoliciesResponse;
import software.amazon.awssdk.services.iot.model.MalformedPolicyException;
import software.amazon.awssdk.services.iot.model.Policy;
import software.amazon.awssdk.services.iot.model.PolicyVersion;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.VersionsLimitExceededException;

/** IoT policies through the gateway to the provisioning-service, as the AWS SDK for Java v2 calls them. */
class PoliciesEndToEndTest {

    private static final String CONNECT =
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:Connect","Resource":"arn:aws:iot:us-east-1:123456789012:client/${iot:ClientId}"}]}""";
    private static final String PUBLISH =
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:Publish","Resource":"*"}]}""";

    private final IotClient iot = Suite.iot();

    @Test
    void aPolicyItsVersionsAndItsDeletion() {
        String name = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        var created = iot.createPolicy(request -> request.policyName(name).policyDocument(CONNECT));
        assertThat(created.policyArn()).isEqualTo("arn:aws:iot:us-east-1:123456789012:policy/" + name);
        assertThat(created.policyVersionId()).isEqualTo("1");
        assertThatThrownBy(() ->
                        iot.createPolicy(request -> request.policyName(name).policyDocument(CONNECT)))
                .isInstanceOfSatisfying(ResourceAlreadyExistsException.class, e -> {
                    assertThat(e.resourceId()).isEqualTo(name);
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Policy cannot be created - name already exists (name=" + name + ")");
                });

        var second = iot.createPolicyVersion(
                request -> request.policyName(name).policyDocument(PUBLISH).setAsDefault(true));
        assertThat(second.isDefaultVersion()).isTrue();
        var policy = iot.getPolicy(request -> request.policyName(name));
        assertThat(policy.defaultVersionId()).isEqualTo("2");
        assertThat(policy.policyDocument()).isEqualTo(PUBLISH);
        assertThat(policy.creationDate()).isNotNull();
        assertThat(iot.listPolicyVersions(request -> request.policyName(name)).policyVersions())
                .extracting(PolicyVersion::versionId, PolicyVersion::isDefaultVersion)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("1", false),
                        org.assertj.core.groups.Tuple.tuple("2", true));
        for (int i = 0; i < 3; i++) {
            iot.createPolicyVersion(request -> request.policyName(name).policyDocument(CONNECT));
        }
        assertThatThrownBy(() -> iot.createPolicyVersion(
                        request -> request.policyName(name).policyDocument(CONNECT)))
                .isInstanceOf(VersionsLimitExceededException.class);

        assertThatThrownBy(() -> iot.deletePolicy(request -> request.policyName(name)))
                .isInstanceOf(DeleteConflictException.class);
        iot.setDefaultPolicyVersion(request -> request.policyName(name).policyVersionId("1"));
        for (String version : List.of("2", "3", "4", "5")) {
            iot.deletePolicyVersion(request -> request.policyName(name).policyVersionId(version));
        }
        iot.deletePolicy(request -> request.policyName(name));
        assertThatThrownBy(() -> iot.getPolicy(request -> request.policyName(name)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void aMalformedDocumentIsTheSdksMalformedPolicyException() {
        assertThatThrownBy(() -> iot.createPolicy(request ->
                        request.policyName("e2e-malformed").policyDocument("{\"Statement\":[{\"Effect\":\"Allow\"}]}")))
                .isInstanceOf(MalformedPolicyException.class)
                .hasMessageContaining("Status Code: 400");
    }

    @Test
    void listPoliciesPagesWithTheSdksMarker() {
        String prefix = "e2e-page-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 3; i++) {
            String name = prefix + "-" + i;
            iot.createPolicy(request -> request.policyName(name).policyDocument(CONNECT));
        }
        List<String> seen = new ArrayList<>();
        String marker = null;
        do {
            String current = marker;
            ListPoliciesResponse page = iot.listPolicies(
                    request -> request.pageSize(2).ascendingOrder(true).marker(current));
            page.policies().stream().map(Policy::policyName).forEach(seen::add);
            marker = page.nextMarker();
        } while (marker != null);
        assertThat(seen).containsSubsequence(prefix + "-0", prefix + "-1", prefix + "-2");
    }
}
