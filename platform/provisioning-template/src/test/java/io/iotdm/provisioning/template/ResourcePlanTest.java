package io.iotdm.provisioning.template;

import static io.iotdm.provisioning.template.Templates.assertRegistrationFailure;
import static io.iotdm.provisioning.template.Templates.evaluate;
import static io.iotdm.provisioning.template.Templates.thing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotdm.provisioning.template.ProvisioningPlan.CertificateSource;
import io.iotdm.provisioning.template.ProvisioningPlan.PolicyPlan;
import io.iotdm.provisioning.template.ProvisioningPlan.ThingPlan;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What resolved values become in the plan, and the failures of values AWS's shapes refuse, named by resource. */
class ResourcePlanTest {

    private static final String ID = "0123456789abcdef".repeat(4);

    private static String resource(String logicalId, String type, String properties) {
        return """
                {"Parameters": {"P": {"Type": "String"}, "Q": {"Type": "String"}},
                 "Resources": {"%s": {"Type": "%s", "Properties": {%s}}}}
                """
                .formatted(logicalId, type, properties);
    }

    @Test
    void aThingWithoutOptionalPropertiesLeavesThemAndOverridesNothing() {
        ThingPlan thing =
                evaluate(thing("\"ThingName\": \"t\""), Map.of()).thing().orElseThrow();

        assertThat(thing)
                .isEqualTo(new ThingPlan(
                        "thing",
                        "t",
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        OverrideSetting.DO_NOTHING,
                        OverrideSetting.DO_NOTHING,
                        OverrideSetting.DO_NOTHING));
    }

    @Test
    void aTemplateWithoutAThingPlansNone() {
        ProvisioningPlan plan = evaluate(
                resource("cert", "AWS::IoT::Certificate", "\"CertificateId\": {\"Ref\": \"P\"}"), Map.of("P", ID));

        assertThat(plan.thing()).isEmpty();
        assertThat(plan.thingName()).isEmpty();
        assertThat(plan.certificate().orElseThrow().source()).isEqualTo(new CertificateSource.ById(ID));
    }

    @Test
    void namesAwsRefusesFailNamingTheResourceAndProperty() {
        assertRegistrationFailure(thing("\"ThingName\": {\"Ref\": \"Name\"}"), Map.of("Name", "lamp 1"))
                .hasMessage("Resource thing: ThingName: the name 'lamp 1' must match [a-zA-Z0-9:_-]+");
        assertRegistrationFailure(thing("\"ThingName\": {\"Ref\": \"Name\"}"), Map.of("Name", "x".repeat(129)))
                .hasMessage("Resource thing: ThingName: the name must be 1 to 128 characters long, not 129");
        assertRegistrationFailure(
                        thing("\"ThingName\": \"t\", \"ThingTypeName\": {\"Ref\": \"Name\"}"), Map.of("Name", "type/1"))
                .hasMessage("Resource thing: ThingTypeName: the name 'type/1' must match [a-zA-Z0-9:_-]+");
        assertRegistrationFailure(
                        thing("\"ThingName\": \"t\", \"BillingGroup\": {\"Ref\": \"Name\"}"), Map.of("Name", ""))
                .hasMessage("Resource thing: BillingGroup: the name must be 1 to 128 characters long, not 0");
        assertRegistrationFailure(
                        thing("\"ThingName\": \"t\", \"AttributePayload\": {\"fw\": {\"Ref\": \"Name\"}}"),
                        Map.of("Name", "1.0 beta"))
                .hasMessage("Resource thing: AttributePayload: the attribute value '1.0 beta' must match"
                        + " [a-zA-Z0-9_.,@/:#=\\[\\]-]*");
        assertRegistrationFailure(thing("\"ThingName\": \"t\", \"AttributePayload\": {\"bad name\": \"v\"}"), Map.of())
                .hasMessage("Resource thing: AttributePayload: the attribute name 'bad name' must match"
                        + " [a-zA-Z0-9_.,@/:#-]+");
        assertRegistrationFailure(thing("\"ThingName\": \"t\", \"AttributePayload\": {\"a\": [\"v\"]}"), Map.of())
                .hasMessage("Resource thing: AttributePayload: the value of a must be a string, not a list");
    }

    @Test
    void attributeValuesMayBeNumbersOrBooleansAsWritten() {
        ThingPlan thing = evaluate(
                        thing("\"ThingName\": \"t\", \"AttributePayload\": {\"n\": 3, \"b\": true}"), Map.of())
                .thing()
                .orElseThrow();

        assertThat(thing.attributes()).contains(Map.of("n", "3", "b", "true"));
    }

    @Test
    void aStatusFromAParameterIsReadInAnyCase() {
        ProvisioningPlan plan = evaluate(
                resource(
                        "cert",
                        "AWS::IoT::Certificate",
                        "\"CertificateSigningRequest\": {\"Ref\": \"P\"}, \"Status\": {\"Ref\": \"Q\"}"),
                Map.of("P", "csr", "Q", "inactive"));

        assertThat(plan.certificate().orElseThrow().status()).isEqualTo(CertificateStatus.INACTIVE);
    }

    @Test
    void aStatusFromAParameterThatIsNoStatusFails() {
        assertRegistrationFailure(
                        resource(
                                "cert",
                                "AWS::IoT::Certificate",
                                "\"CertificateSigningRequest\": \"csr\", \"Status\": {\"Ref\": \"Q\"}"),
                        Map.of("Q", "REVOKED"))
                .hasMessage("Resource cert: Status 'REVOKED' is not ACTIVE or INACTIVE");
    }

    @Test
    void aCertificateIdMustBeSixtyFourHexDigits() {
        assertRegistrationFailure(
                        resource("cert", "AWS::IoT::Certificate", "\"CertificateId\": {\"Ref\": \"P\"}"),
                        Map.of("P", "abc"))
                .hasMessage("Resource cert: CertificateId: the certificate id must be 64 characters long, not 3");
    }

    @Test
    void aCertificateToRegisterCarriesItsCa() {
        ProvisioningPlan plan = evaluate(
                resource(
                        "cert",
                        "AWS::IoT::Certificate",
                        "\"CertificatePem\": {\"Ref\": \"P\"}, \"CACertificatePem\": {\"Ref\": \"Q\"}, \"Status\":"
                                + " \"INACTIVE\""),
                Map.of("P", "cert-pem", "Q", "ca-pem"));

        assertThat(plan.certificate().orElseThrow().source())
                .isEqualTo(new CertificateSource.FromPem("cert-pem", Optional.of("ca-pem")));
        assertThat(plan.certificate().orElseThrow().status()).isEqualTo(CertificateStatus.INACTIVE);
    }

    @Test
    void anExistingPolicyIsNamed() {
        ProvisioningPlan plan =
                evaluate(resource("p", "AWS::IoT::Policy", "\"PolicyName\": {\"Ref\": \"P\"}"), Map.of("P", "Device"));

        assertThat(plan.policies()).containsExactly(new PolicyPlan("p", "Device", Optional.empty()));
    }

    @Test
    void aPolicyNameAwsRefusesFails() {
        assertRegistrationFailure(
                        resource("p", "AWS::IoT::Policy", "\"PolicyName\": {\"Ref\": \"P\"}"), Map.of("P", "a policy"))
                .hasMessage("Resource p: PolicyName: the name 'a policy' must match [\\w+=,.@-]+");
    }

    @Test
    void aPolicyDocumentBuiltFromParametersMustBeAJsonObject() {
        String body = resource(
                "p", "AWS::IoT::Policy", "\"PolicyDocument\": {\"Fn::Sub\": \"{\\\"Version\\\": \\\"${P}\\\"}\"}");

        assertThat(evaluate(body, Map.of("P", "2012-10-17"))
                        .policies()
                        .getFirst()
                        .document())
                .contains("{\"Version\": \"2012-10-17\"}");
        assertRegistrationFailure(body, Map.of("P", "a\"b"))
                .hasMessageStartingWith("Resource p: PolicyDocument: is not JSON: ");
        assertRegistrationFailure(resource("p", "AWS::IoT::Policy", "\"PolicyDocument\": \"[1]\""), Map.of())
                .hasMessage("Resource p: PolicyDocument: must be a JSON object");
        assertRegistrationFailure(resource("p", "AWS::IoT::Policy", "\"PolicyDocument\": [\"x\"]"), Map.of())
                .hasMessage("Resource p: PolicyDocument: must be a JSON object or a string of one, not a list");
    }

    @Test
    void policiesKeepTheTemplatesOrder() {
        String body =
                """
                {"Resources": {
                  "second": {"Type": "AWS::IoT::Policy", "Properties": {"PolicyName": "B"}},
                  "first": {"Type": "AWS::IoT::Policy", "Properties": {"PolicyName": "A"}}}}
                """;

        assertThat(evaluate(body, Map.of()).policies())
                .extracting(PolicyPlan::policyName)
                .containsExactly("B", "A");
    }

    @Test
    void onlyTheParametersTheUseInjectsMayBeInjected() {
        ProvisioningTemplate template =
                ProvisioningTemplate.parse(thing("\"ThingName\": \"t\""), TemplateUse.REGISTER_THING);

        assertThatThrownBy(() -> template.evaluate(Map.of(), Map.of(InjectedParameters.CERTIFICATE_ID, ID)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTemplateIsReusableAndThePlanImmutable() {
        ProvisioningTemplate template = ProvisioningTemplate.parse(
                thing("\"ThingName\": {\"Ref\": \"Name\"}, \"ThingGroups\": [\"g\"]"), TemplateUse.REGISTER_THING);

        ProvisioningPlan first = template.evaluate(Map.of("Name", "a"), Map.of());
        ProvisioningPlan second = template.evaluate(Map.of("Name", "b"), Map.of());

        assertThat(first.thingName()).contains("a");
        assertThat(second.thingName()).contains("b");
        assertThatThrownBy(() -> first.parameters().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() ->
                        first.thing().orElseThrow().thingGroups().orElseThrow().add("h"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(template.declaredParameters()).containsExactly("Name", "Serial", "Csv", "Index", "Region");
        assertThatThrownBy(() -> template.declaredParameters().remove("Name"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
