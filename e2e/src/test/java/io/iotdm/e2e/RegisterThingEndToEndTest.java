package io.iotdm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.GroupNameAndArn;
import software.amazon.awssdk.services.iot.model.Policy;
import software.amazon.awssdk.services.iot.model.RegisterThingResponse;
import software.amazon.awssdk.services.iot.model.ResourceRegistrationFailureException;

/**
 * RegisterThing through the gateway as the AWS SDK for Java v2 calls it (docs/aws-behaviour.md §6.8): a template with a
 * thing, a certificate for a device's EC P-256 CSR, a policy and groups; every resource is then visible through the
 * public API of the service that owns it.
 */
class RegisterThingEndToEndTest {

    /** A thing of a type, in a group, with a certificate for the CSR and a policy. */
    static final String TEMPLATE =
            template(", \"Type\": {\"Type\": \"String\"}", "\"ThingTypeName\": {\"Ref\": \"Type\"},");

    /** The same without a thing type (the crash test's). */
    static final String TEMPLATE_NO_TYPE = template("", "");

    private static String template(String typeParameter, String typeProperty) {
        return """
                {"Parameters": {"ThingName": {"Type": "String"}, "SerialNumber": {"Type": "String"},
                                "CSR": {"Type": "String"}, "Group": {"Type": "String"}%s},
                 "Resources": {
                   "thing": {"Type": "AWS::IoT::Thing", "Properties": {"ThingName": {"Ref": "ThingName"}, %s
                             "AttributePayload": {"serial": {"Ref": "SerialNumber"}}, "ThingGroups": [{"Ref": "Group"}]}},
                   "certificate": {"Type": "AWS::IoT::Certificate",
                                   "Properties": {"CertificateSigningRequest": {"Ref": "CSR"}, "Status": "ACTIVE"}},
                   "policy": {"Type": "AWS::IoT::Policy", "Properties": {"PolicyDocument":
                     "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"iot:Connect\\",\\"Resource\\":\\"*\\"}]}"}}}}
                """
                .formatted(typeParameter, typeProperty);
    }

    private final IotClient iot = Suite.iot();

    @Test
    void aRegisteredDeviceHasItsThingCertificatePolicyAndGroups() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String thing = "e2e-register-" + id;
        String group = "e2e-register-group-" + id;
        String type = "e2e-register-type-" + id;
        iot.createThingGroup(request -> request.thingGroupName(group));
        iot.createThingType(request -> request.thingTypeName(type));
        KeyPair keys = DeviceKeys.ecP256();

        RegisterThingResponse registered = iot.registerThing(request -> request.templateBody(TEMPLATE)
                .parameters(Map.of(
                        "ThingName", thing,
                        "SerialNumber", "42",
                        "CSR", DeviceKeys.csr(keys, thing),
                        "Group", group,
                        "Type", type)));

        X509Certificate certificate = DeviceKeys.certificate(registered.certificatePem());
        assertThat(certificate.getPublicKey()).isEqualTo(keys.getPublic());
        String certificateId = DeviceKeys.certificateId(certificate);
        String certificateArn = registered.resourceArns().get("certificate");
        assertThat(certificateArn).endsWith(":cert/" + certificateId);
        assertThat(registered.resourceArns()).containsOnlyKeys("thing", "certificate", "policy");

        var described = iot.describeThing(request -> request.thingName(thing));
        assertThat(described.thingArn()).isEqualTo(registered.resourceArns().get("thing"));
        assertThat(described.thingTypeName()).isEqualTo(type);
        assertThat(described.attributes()).isEqualTo(Map.of("serial", "42"));
        assertThat(iot.listThingGroupsForThing(request -> request.thingName(thing))
                        .thingGroups())
                .extracting(GroupNameAndArn::groupName)
                .containsExactly(group);
        assertThat(iot.listThingPrincipals(request -> request.thingName(thing)).principals())
                .containsExactly(certificateArn);
        assertThat(iot.describeCertificate(request -> request.certificateId(certificateId))
                        .certificateDescription()
                        .status())
                .isEqualTo(CertificateStatus.ACTIVE);
        assertThat(iot.listAttachedPolicies(request -> request.target(certificateArn))
                        .policies())
                .extracting(Policy::policyArn)
                .containsExactly(registered.resourceArns().get("policy"));
    }

    @Test
    void aGroupThatDoesNotExistIsARegistrationFailureThatNamesItAndLeavesNoThing() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String thing = "e2e-register-" + id;
        String type = "e2e-register-type-" + id;
        iot.createThingType(request -> request.thingTypeName(type));

        assertThatThrownBy(() -> iot.registerThing(request -> request.templateBody(TEMPLATE)
                        .parameters(Map.of(
                                "ThingName",
                                thing,
                                "SerialNumber",
                                "1",
                                "CSR",
                                DeviceKeys.csr(DeviceKeys.ecP256(), thing),
                                "Group",
                                "e2e-no-such-group-" + id,
                                "Type",
                                type))))
                .isInstanceOfSatisfying(ResourceRegistrationFailureException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Resource thing (AWS::IoT::Thing " + thing + ") cannot be provisioned: Thing"
                                    + " group e2e-no-such-group-" + id + " does not exist");
                });
        assertThat(iot.listThings(request -> request.thingTypeName(type)).things())
                .isEmpty();
    }
}
