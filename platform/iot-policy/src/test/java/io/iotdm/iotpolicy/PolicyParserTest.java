package io.iotdm.iotpolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Which documents CreatePolicy accepts, and the MalformedPolicyException text of those it refuses. */
class PolicyParserTest {

    private static void malformed(String document, String message) {
        assertThatThrownBy(() -> PolicyParser.compile(document))
                .isInstanceOf(MalformedPolicyException.class)
                .hasMessage(message);
    }

    private static String statement(String body) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{" + body + "}]}";
    }

    @Test
    void acceptsTheFormsOfTheLanguage() {
        assertThat(PolicyParser.compile(
                                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"iot:*\",\"Resource\":\"*\"}}")
                        .statementCount())
                .isEqualTo(1);
        assertThat(PolicyParser.compile(
                                "{\"Version\":\"2012-10-17\",\"Id\":\"x\",\"Statement\":["
                                        + "{\"Sid\":\"a\",\"Effect\":\"Allow\",\"Action\":[\"iot:Connect\",\"iot:Get*\"],"
                                        + "\"Resource\":[\"arn:aws:iot:us-east-1:123456789012:client/${iot:ClientId}\"]},"
                                        + "{\"Effect\":\"Deny\",\"NotAction\":\"iot:Connect\",\"NotResource\":\"*\","
                                        + "\"Condition\":{\"ForAnyValue:StringLikeIfExists\":{\"iot:ConnectAttributes\":[\"Persistent*\"]},"
                                        + "\"NumericLessThan\":{\"iot:X\":5},\"Bool\":{\"iot:Connection.Thing.IsAttached\":true}}}]}")
                        .statementCount())
                .isEqualTo(2);
        assertThat(PolicyParser.compile(
                                "{\"Version\":\"2008-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"greengrass:*\",\"Resource\":\"*\"}]}")
                        .statementCount())
                .isEqualTo(1);
    }

    @Test
    void documentThatIsNotJsonIsMalformedWithoutDetail() {
        malformed("./policy.json", "Policy document is Malformed");
        malformed("{\"Version\":", "Policy document is Malformed");
        malformed("   ", "Policy document is Malformed");
        malformed(
                "{\"Version\":\"2012-10-17\",\"Version\":\"2012-10-17\",\"Statement\":[]}",
                "Policy document is Malformed");
    }

    @Test
    void documentLevelProblemsAreNamed() {
        malformed("[]", "Policy document is Malformed: the document is not a JSON object");
        malformed("{\"Version\":\"2012-10-17\"}", "Policy document is Malformed: the document has no Statement");
        malformed(
                "{\"Version\":\"2012-10-17\",\"Statement\":[]}",
                "Policy document is Malformed: the document has no Statement");
        malformed(
                "{\"Version\":\"2012-10-17\",\"Statement\":\"x\"}",
                "Policy document is Malformed: Statement must be an object or an array of objects");
        malformed(
                "{\"Version\":\"2020-01-01\",\"Statement\":[]}",
                "Policy document is Malformed: Version \"2020-01-01\" is not supported; use \"2012-10-17\"");
        malformed(
                "{\"version\":\"2012-10-17\",\"Statement\":[]}",
                "Policy document is Malformed: unknown element 'version' in the document");
    }

    @Test
    void statementLevelProblemsNameTheStatement() {
        malformed(
                "{\"Version\":\"2012-10-17\",\"Statement\":[1]}",
                "Policy document is Malformed: Statement[0] is not an object");
        malformed(
                statement("\"Effect\":\"allow\",\"Action\":\"iot:*\",\"Resource\":\"*\""),
                "Policy document is Malformed: Statement[0]: Effect must be \"Allow\" or \"Deny\"");
        malformed(
                statement("\"Sid\":\"s1\",\"Action\":\"iot:*\",\"Resource\":\"*\""),
                "Policy document is Malformed: Statement[0] (Sid s1): Effect must be \"Allow\" or \"Deny\"");
        malformed(
                statement("\"Effect\":\"Allow\",\"Resource\":\"*\""),
                "Policy document is Malformed: Statement[0]: a statement needs either Action or NotAction");
        malformed(
                statement("\"Effect\":\"Allow\",\"Action\":\"iot:*\",\"NotAction\":\"iot:*\",\"Resource\":\"*\""),
                "Policy document is Malformed: Statement[0]: a statement needs either Action or NotAction, not both");
        malformed(
                statement("\"Effect\":\"Allow\",\"Action\":\"iot:*\""),
                "Policy document is Malformed: Statement[0]: a statement needs either Resource or NotResource");
        malformed(
                statement("\"Effect\":\"Allow\",\"Action\":[],\"Resource\":\"*\""),
                "Policy document is Malformed: Statement[0]: Action must be a string or a non-empty array of strings");
        malformed(
                statement("\"Effect\":\"Allow\",\"Action\":\"Publish\",\"Resource\":\"*\""),
                "Policy document is Malformed: Statement[0]: 'Publish' is not an action (service:Action, e.g. "
                        + "iot:Publish, wildcards allowed)");
        malformed(
                statement("\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"iot:*\",\"Resource\":\"*\""),
                "Policy document is Malformed: Statement[0]: Principal is not allowed; an AWS IoT policy applies "
                        + "to the principals it is attached to");
        malformed(
                statement("\"Effect\":\"Allow\",\"Actions\":\"iot:*\",\"Resource\":\"*\""),
                "Policy document is Malformed: Statement[0]: unknown element 'Actions'");
        malformed(
                statement("\"Sid\":1,\"Effect\":\"Allow\",\"Action\":\"iot:*\",\"Resource\":\"*\""),
                "Policy document is Malformed: Statement[0]: Sid must be a string");
    }

    @Test
    void invalidResourcesAreListedAsAwsListsThem() {
        malformed(
                statement("\"Effect\":\"Allow\",\"Action\":\"iot:*\",\"Resource\":[\"\\\\\",\"topic/a\","
                        + "\"arn:aws:iot:us-east-1:123456789012:topic/ok\"]"),
                "Policy document is Malformed: The following resources are invalid : \\, topic/a");
        malformed(
                statement("\"Effect\":\"Allow\",\"Action\":\"iot:*\",\"Resource\":\"arn:aws:iot:topic/a\""),
                "Policy document is Malformed: The following resources are invalid : arn:aws:iot:topic/a");
        malformed(
                statement(
                        "\"Effect\":\"Allow\",\"Action\":\"iot:*\",\"Resource\":\"arn:aws:iot:r:1:topic/${iot:ClientId\""),
                "Policy document is Malformed: Statement[0]: the policy variable at 22 of "
                        + "'arn:aws:iot:r:1:topic/${iot:ClientId' has no closing '}'");
    }

    @Test
    void conditionProblemsNameOperatorAndKey() {
        String head = "\"Effect\":\"Allow\",\"Action\":\"iot:*\",\"Resource\":\"*\",\"Condition\":";
        malformed(
                statement(head + "{\"StringEqualz\":{\"iot:ClientId\":\"a\"}}"),
                "Policy document is Malformed: Statement[0]: 'StringEqualz' is not a condition operator");
        malformed(
                statement(head + "{\"NullIfExists\":{\"iot:ClientId\":\"true\"}}"),
                "Policy document is Malformed: Statement[0]: 'NullIfExists' is not a condition operator");
        malformed(
                statement(head + "[]"),
                "Policy document is Malformed: Statement[0]: Condition must be an object of operators");
        malformed(
                statement(head + "{\"StringEquals\":\"a\"}"),
                "Policy document is Malformed: Statement[0]: StringEquals must be an object of condition keys "
                        + "and values");
        malformed(
                statement(head + "{\"StringEquals\":{\"ClientId\":\"a\"}}"),
                "Policy document is Malformed: Statement[0]: StringEquals ClientId: a condition key is "
                        + "prefix:name, e.g. iot:ClientId");
        malformed(
                statement(head + "{\"StringEquals\":{\"iot:ClientId\":{}}}"),
                "Policy document is Malformed: Statement[0]: StringEquals iot:ClientId: the value must be a "
                        + "string, number or boolean, or a non-empty array of them");
        malformed(
                statement(head + "{\"NumericEquals\":{\"iot:X\":\"ten\"}}"),
                "Policy document is Malformed: Statement[0]: NumericEquals iot:X: 'ten' is not a number");
        malformed(
                statement(head + "{\"DateLessThan\":{\"aws:CurrentTime\":\"tomorrow\"}}"),
                "Policy document is Malformed: Statement[0]: DateLessThan aws:CurrentTime: 'tomorrow' is not a "
                        + "date (ISO 8601, e.g. 2026-01-01T00:00:00Z, or epoch seconds)");
        malformed(
                statement(head + "{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/33\"}}"),
                "Policy document is Malformed: Statement[0]: IpAddress aws:SourceIp: '10.0.0.0/33' has a prefix "
                        + "length outside 0..32");
        malformed(
                statement(head + "{\"IpAddress\":{\"aws:SourceIp\":\"example.com\"}}"),
                "Policy document is Malformed: Statement[0]: IpAddress aws:SourceIp: 'example.com' is not an IP "
                        + "address or CIDR block");
        malformed(
                statement(head + "{\"ArnLike\":{\"iot:SourceArn\":\"arn:aws:iot:thing/*\"}}"),
                "Policy document is Malformed: Statement[0]: ArnLike iot:SourceArn: 'arn:aws:iot:thing/*' is not an "
                        + "ARN (arn:partition:service:region:account:resource)");
        malformed(
                statement(head + "{\"Null\":{\"iot:ClientId\":\"yes\"}}"),
                "Policy document is Malformed: Statement[0]: Null iot:ClientId: Null takes \"true\" or \"false\"");
    }

    @Test
    void theSizeLimitCountsEverythingButWhitespace() {
        String prefix = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iot:*\","
                + "\"Resource\":\"arn:aws:iot:us-east-1:123456789012:topic/";
        String suffix = "\"}]}";
        String atLimit = prefix
                + "a".repeat(PolicyParser.MAX_NON_WHITESPACE_CHARACTERS - prefix.length() - suffix.length())
                + suffix;
        String indented = atLimit.replace(",", ",\n    ");
        assertThat(PolicyParser.compile(indented).statementCount()).isEqualTo(1);
        malformed(
                atLimit.replace("topic/", "topic/b"),
                "Policy document is Malformed: the document has 2049 characters without whitespace; the maximum "
                        + "is 2048");
    }
}
