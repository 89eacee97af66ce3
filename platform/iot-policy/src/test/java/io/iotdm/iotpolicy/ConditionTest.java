package io.iotdm.iotpolicy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The condition operators with IAM's semantics for missing keys, negation, IfExists and the set qualifiers. */
class ConditionTest {

    private static final String RESOURCE = "arn:aws:iot:us-east-1:123456789012:client/c";

    private static boolean allowed(String condition, PolicyContext context) {
        CompiledPolicy policy = PolicyParser.compile("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"iot:Connect\",\"Resource\":\"*\",\"Condition\":" + condition + "}]}");
        return EffectivePolicies.of(policy)
                .decide("iot:Connect", RESOURCE, context)
                .allowed();
    }

    private static PolicyContext with(String key, String... values) {
        return PolicyContext.builder()
                .clientId("lamp-1")
                .put(key, List.of(values))
                .build();
    }

    private static final PolicyContext NONE =
            PolicyContext.builder().clientId("lamp-1").build();

    @Test
    void stringOperators() {
        assertThat(allowed("{\"StringEquals\":{\"iot:ClientId\":[\"x\",\"lamp-1\"]}}", NONE))
                .isTrue();
        assertThat(allowed("{\"StringEquals\":{\"iot:ClientId\":\"LAMP-1\"}}", NONE))
                .isFalse();
        assertThat(allowed("{\"StringEquals\":{\"iot:ClientId\":\"lamp-*\"}}", NONE))
                .isFalse();
        assertThat(allowed("{\"StringEqualsIgnoreCase\":{\"IOT:CLIENTID\":\"LAMP-1\"}}", NONE))
                .isTrue();
        assertThat(allowed("{\"StringLike\":{\"iot:ClientId\":\"lamp-*\"}}", NONE))
                .isTrue();
        assertThat(allowed("{\"StringNotLike\":{\"iot:ClientId\":\"lamp-*\"}}", NONE))
                .isFalse();
        assertThat(allowed("{\"StringNotEquals\":{\"iot:ClientId\":[\"a\",\"b\"]}}", NONE))
                .isTrue();
        assertThat(allowed("{\"StringNotEquals\":{\"iot:ClientId\":[\"a\",\"lamp-1\"]}}", NONE))
                .isFalse();
        assertThat(allowed("{\"StringNotEqualsIgnoreCase\":{\"iot:ClientId\":\"LAMP-1\"}}", NONE))
                .isFalse();
    }

    @Test
    void conditionValuesTakeVariables() {
        PolicyContext context = PolicyContext.builder()
                .clientId("lamp-1")
                .thing("lamp-1", null, java.util.Map.of())
                .build();
        assertThat(allowed("{\"StringEquals\":{\"iot:ClientId\":\"${iot:Connection.Thing.ThingName}\"}}", context))
                .isTrue();
        assertThat(allowed("{\"StringEquals\":{\"iot:ClientId\":\"${iot:Connection.Thing.ThingName}\"}}", NONE))
                .isFalse();
    }

    @Test
    void aMissingKeyFailsPositiveOperatorsAndPassesNegatedOnes() {
        assertThat(allowed("{\"StringEquals\":{\"iot:Missing\":\"a\"}}", NONE)).isFalse();
        assertThat(allowed("{\"StringNotEquals\":{\"iot:Missing\":\"a\"}}", NONE))
                .isTrue();
        assertThat(allowed("{\"StringEqualsIfExists\":{\"iot:Missing\":\"a\"}}", NONE))
                .isTrue();
        assertThat(allowed("{\"StringEqualsIfExists\":{\"iot:X\":\"a\"}}", with("iot:X", "b")))
                .isFalse();
        assertThat(allowed("{\"StringEqualsIfExists\":{\"iot:X\":\"a\"}}", with("iot:X", "a")))
                .isTrue();
    }

    @Test
    void nullTestsForPresence() {
        assertThat(allowed("{\"Null\":{\"iot:X\":\"true\"}}", NONE)).isTrue();
        assertThat(allowed("{\"Null\":{\"iot:X\":\"true\"}}", with("iot:X", "a")))
                .isFalse();
        assertThat(allowed("{\"Null\":{\"iot:X\":false}}", with("iot:X", "a"))).isTrue();
        assertThat(allowed("{\"Null\":{\"iot:X\":\"false\"}}", NONE)).isFalse();
    }

    @Test
    void boolComparesIgnoringCase() {
        assertThat(allowed("{\"Bool\":{\"iot:Connection.Thing.IsAttached\":\"false\"}}", NONE))
                .isTrue();
        assertThat(allowed("{\"Bool\":{\"iot:Connection.Thing.IsAttached\":\"TRUE\"}}", NONE))
                .isFalse();
        assertThat(allowed("{\"Bool\":{\"iot:Flag\":true}}", with("iot:Flag", "True")))
                .isTrue();
    }

    @Test
    void numericOperators() {
        PolicyContext ten = with("iot:N", "10");
        assertThat(allowed("{\"NumericEquals\":{\"iot:N\":10.0}}", ten)).isTrue();
        assertThat(allowed("{\"NumericNotEquals\":{\"iot:N\":\"10\"}}", ten)).isFalse();
        assertThat(allowed("{\"NumericLessThan\":{\"iot:N\":10}}", ten)).isFalse();
        assertThat(allowed("{\"NumericLessThanEquals\":{\"iot:N\":10}}", ten)).isTrue();
        assertThat(allowed("{\"NumericGreaterThan\":{\"iot:N\":9.5}}", ten)).isTrue();
        assertThat(allowed("{\"NumericGreaterThanEquals\":{\"iot:N\":11}}", ten))
                .isFalse();
        assertThat(allowed("{\"NumericEquals\":{\"iot:N\":10}}", with("iot:N", "ten")))
                .isFalse();
    }

    @Test
    void dateOperators() {
        PolicyContext now = with("aws:CurrentTime", "2026-06-01T12:00:00Z");
        assertThat(allowed("{\"DateLessThan\":{\"aws:CurrentTime\":\"2027-01-01T00:00:00Z\"}}", now))
                .isTrue();
        assertThat(allowed("{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2027-01-01\"}}", now))
                .isFalse();
        assertThat(allowed("{\"DateGreaterThanEquals\":{\"aws:CurrentTime\":\"1780315200\"}}", now))
                .isTrue();
        assertThat(allowed("{\"DateEquals\":{\"aws:CurrentTime\":\"2026-06-01T14:00:00+02:00\"}}", now))
                .isTrue();
        assertThat(allowed("{\"DateNotEquals\":{\"aws:CurrentTime\":\"2026-06-01T12:00:00Z\"}}", now))
                .isFalse();
        assertThat(allowed("{\"DateLessThanEquals\":{\"aws:CurrentTime\":\"2026-06-01T12:00:00Z\"}}", now))
                .isTrue();
    }

    @Test
    void ipAddressOperators() {
        PolicyContext v4 = PolicyContext.builder().sourceIp("10.1.2.3").build();
        assertThat(allowed("{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}", v4))
                .isTrue();
        assertThat(allowed("{\"IpAddress\":{\"aws:SourceIp\":[\"192.168.0.0/16\",\"10.1.2.3\"]}}", v4))
                .isTrue();
        assertThat(allowed("{\"IpAddress\":{\"aws:SourceIp\":\"10.1.2.0/31\"}}", v4))
                .isFalse();
        assertThat(allowed("{\"NotIpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}", v4))
                .isFalse();
        assertThat(allowed("{\"IpAddress\":{\"aws:SourceIp\":\"0.0.0.0/0\"}}", v4))
                .isTrue();
        assertThat(allowed("{\"IpAddress\":{\"aws:SourceIp\":\"2001:db8::/32\"}}", v4))
                .isFalse();
        PolicyContext v6 = PolicyContext.builder().sourceIp("2001:db8:0:1::7").build();
        assertThat(allowed("{\"IpAddress\":{\"aws:SourceIp\":\"2001:db8::/32\"}}", v6))
                .isTrue();
        assertThat(allowed("{\"IpAddress\":{\"aws:SourceIp\":\"2001:db8:0:2::/64\"}}", v6))
                .isFalse();
        assertThat(allowed(
                        "{\"IpAddress\":{\"aws:SourceIp\":\"::ffff:10.1.2.3\"}}",
                        PolicyContext.builder()
                                .sourceIp("0:0:0:0:0:ffff:a01:203")
                                .build()))
                .isTrue();
        assertThat(allowed(
                        "{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}",
                        PolicyContext.builder().sourceIp("not-an-ip").build()))
                .isFalse();
    }

    @Test
    void arnOperatorsTakeWildcards() {
        PolicyContext arn = with("iot:SourceArn", "arn:aws:iot:us-east-1:123456789012:thing/lamp-1");
        assertThat(allowed("{\"ArnLike\":{\"iot:SourceArn\":\"arn:aws:iot:*:123456789012:thing/*\"}}", arn))
                .isTrue();
        assertThat(allowed(
                        "{\"ArnEquals\":{\"iot:SourceArn\":\"arn:aws:iot:us-east-1:123456789012:thing/lamp-1\"}}", arn))
                .isTrue();
        assertThat(allowed("{\"ArnNotLike\":{\"iot:SourceArn\":\"arn:aws:iot:*:*:thing/*\"}}", arn))
                .isFalse();
        assertThat(allowed("{\"ArnNotEquals\":{\"iot:SourceArn\":\"arn:aws:iot:*:*:client/*\"}}", arn))
                .isTrue();
    }

    @Test
    void arnWildcardsStayWithinTheirPart() {
        PolicyContext arn = with("iot:SourceArn", "arn:aws:iot:us-east-1:123456789012:thing/a:b");
        // The resource part here is "c:thing/x": StringLike's * spans "a:b", ArnLike's region and account cannot.
        PolicyContext sevenParts = with("iot:SourceArn", "arn:aws:iot:a:b:c:thing/x");
        assertThat(allowed("{\"StringLike\":{\"iot:SourceArn\":\"arn:aws:iot:*:*:thing/*\"}}", sevenParts))
                .isTrue();
        assertThat(allowed("{\"ArnLike\":{\"iot:SourceArn\":\"arn:aws:iot:*:*:thing/*\"}}", sevenParts))
                .isFalse();
        assertThat(allowed("{\"ArnLike\":{\"iot:SourceArn\":\"arn:aws:iot:*:*:thing/a:*\"}}", arn))
                .isTrue();
        assertThat(allowed("{\"ArnLike\":{\"iot:SourceArn\":\"arn:aws:iot:us-east-?:1*:*\"}}", arn))
                .isTrue();
        assertThat(allowed("{\"ArnLike\":{\"iot:SourceArn\":\"arn:aws:iot:*:*:*\"}}", with("iot:SourceArn", "x")))
                .isFalse();
    }

    @Test
    void setQualifiersOverMultiValuedKeys() {
        PolicyContext attributes = with("iot:ConnectAttributes", "PersistentConnect", "LastWill");
        String any = "{\"ForAnyValue:StringEquals\":{\"iot:ConnectAttributes\":[\"LastWill\"]}}";
        String all = "{\"ForAllValues:StringEquals\":{\"iot:ConnectAttributes\":[\"PersistentConnect\"]}}";
        String allBoth =
                "{\"ForAllValues:StringEquals\":{\"iot:ConnectAttributes\":[\"PersistentConnect\",\"LastWill\"]}}";
        assertThat(allowed(any, attributes)).isTrue();
        assertThat(allowed(all, attributes)).isFalse();
        assertThat(allowed(allBoth, attributes)).isTrue();
        assertThat(allowed(all, NONE)).isTrue();
        assertThat(allowed(any, NONE)).isFalse();
        assertThat(allowed("{\"ForAnyValue:StringNotEquals\":{\"iot:ConnectAttributes\":\"LastWill\"}}", attributes))
                .isTrue();
        assertThat(allowed("{\"ForAllValues:StringNotEquals\":{\"iot:ConnectAttributes\":\"LastWill\"}}", attributes))
                .isFalse();
        assertThat(allowed("{\"ForAnyValue:StringLikeIfExists\":{\"iot:ConnectAttributes\":\"x\"}}", NONE))
                .isTrue();
    }

    @Test
    void withoutQualifierAMultiValuedKeyIsASet() {
        PolicyContext units = with("iot:Certificate.Subject.OrganizationalUnit.List", "LightBulb", "Kitchen");
        assertThat(allowed(
                        "{\"StringEquals\":{\"iot:Certificate.Subject.OrganizationalUnit.List\":\"Kitchen\"}}", units))
                .isTrue();
        assertThat(allowed(
                        "{\"StringNotEquals\":{\"iot:Certificate.Subject.OrganizationalUnit.List\":\"Kitchen\"}}",
                        units))
                .isFalse();
    }

    @Test
    void everyOperatorAndEveryKeyMustHold() {
        String both = "{\"StringEquals\":{\"iot:ClientId\":\"lamp-1\",\"iot:X\":\"a\"},"
                + "\"StringLike\":{\"iot:ClientId\":\"lamp-*\"}}";
        assertThat(allowed(both, with("iot:X", "a"))).isTrue();
        assertThat(allowed(both, with("iot:X", "b"))).isFalse();
        assertThat(allowed(both, NONE)).isFalse();
    }

    @Test
    void perRequestKeysAreAddedToTheConnectionsContext() {
        PolicyContext request = NONE.with("iot:LastWillTopic", List.of("will/lamp-1"));
        assertThat(allowed("{\"StringLike\":{\"iot:LastWillTopic\":\"will/${iot:ClientId}\"}}", request))
                .isTrue();
        assertThat(allowed("{\"StringLike\":{\"iot:LastWillTopic\":\"will/${iot:ClientId}\"}}", NONE))
                .isFalse();
    }
}
