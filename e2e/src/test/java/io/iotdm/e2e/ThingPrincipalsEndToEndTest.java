package io.iotdm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;

/**
 * A thing with a certificate attached, through the gateway, as the AWS SDK for Java v2 calls it: the registry asks the
 * provisioning-service before a DeleteThing (docs/aws-behaviour.md §1.2).
 */
class ThingPrincipalsEndToEndTest {

    private static final String CONNECT =
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:Connect","Resource":"*"}]}""";

    private final IotClient iot = Suite.iot();

    @Test
    void aThingWithACertificateAttachedIsDeletedOnlyOnceItIsDetached() {
        String thing = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        iot.createThing(request -> request.thingName(thing));
        var certificate = iot.createKeysAndCertificate(request -> request.setAsActive(true));
        String arn = certificate.certificateArn();
        iot.attachThingPrincipal(request -> request.thingName(thing).principal(arn));

        assertThatThrownBy(() -> iot.deleteThing(request -> request.thingName(thing)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo(
                                    "Cannot delete. Thing " + thing + " is still attached to one or more principals");
                });
        assertThat(iot.describeThing(request -> request.thingName(thing)).thingName())
                .isEqualTo(thing);

        iot.detachThingPrincipal(request -> request.thingName(thing).principal(arn));
        iot.deleteThing(request -> request.thingName(thing));
        assertThatThrownBy(() -> iot.describeThing(request -> request.thingName(thing)))
                .isInstanceOf(ResourceNotFoundException.class);

        iot.updateCertificate(
                request -> request.certificateId(certificate.certificateId()).newStatus(CertificateStatus.INACTIVE));
        iot.deleteCertificate(request -> request.certificateId(certificate.certificateId()));
    }

    @Test
    void aDeletedGroupsPoliciesAreDetachedAndTheGroupCreatedAgainInheritsNone() {
        String group = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        String policy = group + "-policy";
        String groupArn =
                iot.createThingGroup(request -> request.thingGroupName(group)).thingGroupArn();
        iot.createPolicy(request -> request.policyName(policy).policyDocument(CONNECT));
        iot.attachPolicy(request -> request.policyName(policy).target(groupArn));

        iot.deleteThingGroup(request -> request.thingGroupName(group));
        // the provisioning-service applies the group-service's deletion event (docs/aws-behaviour.md §6.4)
        Eventually.await(
                () -> iot.listTargetsForPolicy(request -> request.policyName(policy))
                        .targets(),
                List::isEmpty);

        iot.createThingGroup(request -> request.thingGroupName(group));
        assertThat(iot.listAttachedPolicies(request -> request.target(groupArn)).policies())
                .isEmpty();
        iot.deleteThingGroup(request -> request.thingGroupName(group));
        iot.deletePolicy(request -> request.policyName(policy));
    }
}
