package io.iotdm.iotpolicy;

import static io.iotdm.iotpolicy.IotResources.CONNECT;
import static io.iotdm.iotpolicy.IotResources.PUBLISH;
import static io.iotdm.iotpolicy.IotResources.RECEIVE;
import static io.iotdm.iotpolicy.IotResources.SUBSCRIBE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** AWS's documented policy examples, evaluated over one or several policies. */
class EffectivePoliciesTest {

    private static final IotResources ARN = new IotResources("aws", "us-east-1", "123456789012");
    private static final String PREFIX = "arn:aws:iot:us-east-1:123456789012:";

    /** The thing lamp-1 connected with its own name as client id. */
    private static final PolicyContext LAMP = PolicyContext.builder()
            .clientId("lamp-1")
            .thing("lamp-1", "Lamp", Map.of("room", "kitchen"))
            .build();

    /** A certificate attached to no thing (or a client id other than the thing's name). */
    private static final PolicyContext UNATTACHED =
            PolicyContext.builder().clientId("lamp-1").build();

    private static CompiledPolicy policy(String statements) {
        return PolicyParser.compile("{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}");
    }

    private static final CompiledPolicy THING_POLICY = policy(
            """
            {"Effect":"Allow","Action":"iot:Connect",
             "Resource":"arn:aws:iot:us-east-1:123456789012:client/${iot:Connection.Thing.ThingName}"},
            {"Effect":"Allow","Action":["iot:Publish","iot:Receive"],
             "Resource":"arn:aws:iot:us-east-1:123456789012:topic/$aws/things/${iot:Connection.Thing.ThingName}/shadow/*"},
            {"Effect":"Allow","Action":"iot:Subscribe",
             "Resource":"arn:aws:iot:us-east-1:123456789012:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/shadow/*"}
            """);

    @Test
    void aThingConnectsWithItsNameAndUsesItsOwnShadowTopics() {
        var policies = EffectivePolicies.of(THING_POLICY);
        assertThat(policies.decide(CONNECT, ARN.client("lamp-1"), LAMP)).isEqualTo(Decision.ALLOW);
        assertThat(policies.decide(CONNECT, ARN.client("lamp-2"), LAMP)).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(policies.decide(PUBLISH, ARN.topic("$aws/things/lamp-1/shadow/update"), LAMP))
                .isEqualTo(Decision.ALLOW);
        assertThat(policies.decide(RECEIVE, ARN.topic("$aws/things/lamp-1/shadow/update/accepted"), LAMP))
                .isEqualTo(Decision.ALLOW);
        assertThat(policies.decide(PUBLISH, ARN.topic("$aws/things/lamp-2/shadow/update"), LAMP))
                .isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(policies.decide(SUBSCRIBE, ARN.topicFilter("$aws/things/lamp-1/shadow/#"), LAMP))
                .isEqualTo(Decision.ALLOW);
        assertThat(policies.decide(SUBSCRIBE, ARN.topicFilter("$aws/things/+/shadow/update"), LAMP))
                .isEqualTo(Decision.IMPLICIT_DENY);
        // Subscribe is authorized on topicfilter/, never on topic/.
        assertThat(policies.decide(SUBSCRIBE, ARN.topic("$aws/things/lamp-1/shadow/update"), LAMP))
                .isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void withoutAnAttachedThingTheThingVariablesMatchNothing() {
        var policies = EffectivePolicies.of(THING_POLICY);
        assertThat(policies.decide(CONNECT, ARN.client("lamp-1"), UNATTACHED)).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(policies.decide(PUBLISH, ARN.topic("$aws/things//shadow/update"), UNATTACHED))
                .isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void aDenyWhoseVariableIsUnresolvedDeniesNothing() {
        CompiledPolicy allowAll = policy("{\"Effect\":\"Allow\",\"Action\":\"iot:*\",\"Resource\":\"*\"}");
        CompiledPolicy denyOwnAdmin = policy(
                """
                {"Effect":"Deny","Action":"iot:Publish",
                 "Resource":"arn:aws:iot:us-east-1:123456789012:topic/admin/${iot:Connection.Thing.ThingName}"}
                """);
        var policies = EffectivePolicies.of(allowAll, denyOwnAdmin);
        assertThat(policies.decide(PUBLISH, ARN.topic("admin/lamp-1"), LAMP)).isEqualTo(Decision.EXPLICIT_DENY);
        assertThat(policies.decide(PUBLISH, ARN.topic("admin/lamp-1"), UNATTACHED))
                .isEqualTo(Decision.ALLOW);
        assertThat(policies.decide(PUBLISH, ARN.topic("admin/"), UNATTACHED)).isEqualTo(Decision.ALLOW);
    }

    @Test
    void isAttachedIsFalseForAnUnattachedCertificate() {
        var policies = EffectivePolicies.of(
                policy(
                        """
                {"Effect":"Allow","Action":["iot:Connect"],"Resource":["*"],
                 "Condition":{"Bool":{"iot:Connection.Thing.IsAttached":["true"]}}}
                """));
        assertThat(policies.decide(CONNECT, ARN.client("lamp-1"), LAMP)).isEqualTo(Decision.ALLOW);
        assertThat(policies.decide(CONNECT, ARN.client("lamp-1"), UNATTACHED)).isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void thingTypeAndAttributeConditions() {
        var policies = EffectivePolicies.of(
                policy(
                        """
                {"Effect":"Allow","Action":["iot:Publish"],"Resource":"arn:aws:iot:us-east-1:123456789012:topic/device/stats",
                 "Condition":{"StringEquals":{"iot:Connection.Thing.Attributes[room]":"kitchen",
                                              "iot:Connection.Thing.ThingTypeName":"Lamp"},
                              "Bool":{"iot:Connection.Thing.IsAttached":"true"}}}
                """));
        assertThat(policies.decide(PUBLISH, ARN.topic("device/stats"), LAMP)).isEqualTo(Decision.ALLOW);
        PolicyContext otherRoom = PolicyContext.builder()
                .clientId("lamp-1")
                .thing("lamp-1", "Lamp", Map.of("room", "hall"))
                .build();
        assertThat(policies.decide(PUBLISH, ARN.topic("device/stats"), otherRoom))
                .isEqualTo(Decision.IMPLICIT_DENY);
        PolicyContext untyped = PolicyContext.builder()
                .clientId("lamp-1")
                .thing("lamp-1", null, Map.of("room", "kitchen"))
                .build();
        assertThat(policies.decide(PUBLISH, ARN.topic("device/stats"), untyped)).isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void anAttributeNamesTopicsAndIsCaseSensitive() {
        var policies = EffectivePolicies.of(
                policy(
                        """
                {"Effect":"Allow","Action":"iot:Publish",
                 "Resource":"arn:aws:iot:us-east-1:123456789012:topic/${iot:Connection.Thing.Attributes[room]}/*"}
                """));
        assertThat(policies.decide(PUBLISH, ARN.topic("kitchen/temp"), LAMP)).isEqualTo(Decision.ALLOW);
        var wrongCase = EffectivePolicies.of(
                policy(
                        """
                {"Effect":"Allow","Action":"iot:Publish",
                 "Resource":"arn:aws:iot:us-east-1:123456789012:topic/${iot:Connection.Thing.Attributes[Room]}/*"}
                """));
        assertThat(wrongCase.decide(PUBLISH, ARN.topic("kitchen/temp"), LAMP)).isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void anExplicitDenyInAnyPolicyWinsOverAllows() {
        CompiledPolicy allowAll = policy("{\"Effect\":\"Allow\",\"Action\":\"iot:*\",\"Resource\":\"*\"}");
        CompiledPolicy denyAdmin = policy(
                """
                {"Effect":"Deny","Action":"iot:Publish","Resource":"arn:aws:iot:us-east-1:123456789012:topic/admin/*"}
                """);
        var policies = EffectivePolicies.of(allowAll, denyAdmin);
        assertThat(policies.decide(PUBLISH, ARN.topic("admin/reboot"), LAMP)).isEqualTo(Decision.EXPLICIT_DENY);
        assertThat(policies.decide(PUBLISH, ARN.topic("telemetry"), LAMP)).isEqualTo(Decision.ALLOW);
        assertThat(EffectivePolicies.of(denyAdmin, allowAll).decide(PUBLISH, ARN.topic("admin/x"), LAMP))
                .isEqualTo(Decision.EXPLICIT_DENY);
        // Within one policy too, whatever the order of the statements.
        CompiledPolicy both = policy(
                """
                {"Effect":"Allow","Action":"iot:*","Resource":"*"},
                {"Effect":"Deny","Action":"iot:publish","Resource":"arn:aws:iot:us-east-1:123456789012:topic/admin/*"}
                """);
        assertThat(EffectivePolicies.of(both).decide(PUBLISH, ARN.topic("admin/x"), LAMP))
                .isEqualTo(Decision.EXPLICIT_DENY);
    }

    @Test
    void noPoliciesOrNoMatchingAllowIsAnImplicitDeny() {
        assertThat(EffectivePolicies.of().decide(CONNECT, ARN.client("a"), LAMP))
                .isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(Decision.IMPLICIT_DENY.allowed()).isFalse();
    }

    @Test
    void notActionAndNotResource() {
        var policies = EffectivePolicies.of(
                policy(
                        """
                {"Effect":"Allow","NotAction":"iot:Publish","Resource":"*"},
                {"Effect":"Allow","Action":"iot:Publish","NotResource":"arn:aws:iot:us-east-1:123456789012:topic/secret/*"}
                """));
        assertThat(policies.decide(CONNECT, ARN.client("x"), LAMP)).isEqualTo(Decision.ALLOW);
        assertThat(policies.decide(PUBLISH, ARN.topic("open"), LAMP)).isEqualTo(Decision.ALLOW);
        assertThat(policies.decide(PUBLISH, ARN.topic("secret/a"), LAMP)).isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void actionsMatchCaseInsensitivelyWithWildcards() {
        var policies = EffectivePolicies.of(
                policy(
                        """
                {"Effect":"Allow","Action":["IOT:*Shadow"],"Resource":"*"},
                {"Effect":"Allow","Action":["iot:Connec?"],"Resource":"*"}
                """));
        assertThat(policies.decide("iot:GetThingShadow", ARN.thing("lamp-1"), LAMP))
                .isEqualTo(Decision.ALLOW);
        assertThat(policies.decide(CONNECT, ARN.client("lamp-1"), LAMP)).isEqualTo(Decision.ALLOW);
        assertThat(policies.decide(PUBLISH, ARN.topic("a"), LAMP)).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(policies.decide("iot:ListNamedShadowsForThing", ARN.thing("x"), LAMP))
                .isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void clientIdPolicyForCertificatesWithoutThings() {
        var policies = EffectivePolicies.of(
                policy(
                        """
                {"Effect":"Allow","Action":"iot:Connect","Resource":"arn:aws:iot:us-east-1:123456789012:client/${iot:ClientId}"},
                {"Effect":"Allow","Action":"iot:Publish","Resource":"arn:aws:iot:us-east-1:123456789012:topic/clients/${iot:ClientId}/*"}
                """));
        assertThat(policies.decide(CONNECT, PREFIX + "client/lamp-1", UNATTACHED))
                .isEqualTo(Decision.ALLOW);
        assertThat(policies.decide(PUBLISH, PREFIX + "topic/clients/lamp-1/x", UNATTACHED))
                .isEqualTo(Decision.ALLOW);
        assertThat(policies.decide(PUBLISH, PREFIX + "topic/clients/lamp-2/x", UNATTACHED))
                .isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void version2008TakesVariablesAsText() {
        CompiledPolicy old = PolicyParser.compile(
                """
                {"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"iot:Connect",
                 "Resource":"arn:aws:iot:us-east-1:123456789012:client/${iot:ClientId}"}]}
                """);
        var policies = EffectivePolicies.of(old);
        assertThat(policies.decide(CONNECT, ARN.client("lamp-1"), LAMP)).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(policies.decide(CONNECT, ARN.client("${iot:ClientId}"), LAMP))
                .isEqualTo(Decision.ALLOW);
    }

    @Test
    void fleetProvisioningClaimPolicy() {
        var policies = EffectivePolicies.of(
                policy(
                        """
                {"Effect":"Allow","Action":"iot:Connect","Resource":"*"},
                {"Effect":"Allow","Action":["iot:Publish","iot:Receive"],
                 "Resource":["arn:aws:iot:us-east-1:123456789012:topic/$aws/certificates/create/*",
                             "arn:aws:iot:us-east-1:123456789012:topic/$aws/provisioning-templates/Lamps/provision/*"]},
                {"Effect":"Allow","Action":"iot:Subscribe",
                 "Resource":["arn:aws:iot:us-east-1:123456789012:topicfilter/$aws/certificates/create/*",
                             "arn:aws:iot:us-east-1:123456789012:topicfilter/$aws/provisioning-templates/Lamps/provision/*"]}
                """));
        assertThat(policies.decide(PUBLISH, ARN.topic("$aws/certificates/create/json"), UNATTACHED))
                .isEqualTo(Decision.ALLOW);
        assertThat(policies.decide(
                        SUBSCRIBE, ARN.topicFilter("$aws/provisioning-templates/Lamps/provision/json/+"), UNATTACHED))
                .isEqualTo(Decision.ALLOW);
        assertThat(policies.decide(PUBLISH, ARN.topic("$aws/provisioning-templates/Other/provision/json"), UNATTACHED))
                .isEqualTo(Decision.IMPLICIT_DENY);
    }
}
