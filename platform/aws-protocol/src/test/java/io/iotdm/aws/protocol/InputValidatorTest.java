package io.iotdm.aws.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class InputValidatorTest {

    private static final AwsModel MODEL = AwsModel.load();
    private static final JsonMapper JSON = new JsonMapper();

    private final InputValidator iot = new InputValidator(MODEL.service("iot"));

    @Test
    void aPatternMustMatchTheWholeValue() {
        assertRejected(
                "iot",
                "CreateThing",
                """
                {"thingName": "a b"}""",
                "InvalidRequestException",
                "1 validation error detected: Value 'a b' at 'thingName' failed to satisfy constraint: Member must"
                        + " satisfy regular expression pattern: [a-zA-Z0-9:_-]+");
    }

    @Test
    void aMissingRequiredMemberIsNull() {
        assertRejected(
                "iot",
                "CreateThing",
                "{}",
                "InvalidRequestException",
                "1 validation error detected: Value null at 'thingName' failed to satisfy constraint: Member must not"
                        + " be null");
    }

    @Test
    void lengthBoundsCountCharactersNotUtf16Units() {
        assertRejected(
                "iot",
                "CreateThing",
                "{\"thingName\": \"" + "x".repeat(129) + "\"}",
                "InvalidRequestException",
                "1 validation error detected: Value '" + "x".repeat(129) + "' at 'thingName' failed to satisfy"
                        + " constraint: Member must have length less than or equal to 128");

        String emoji = "\uD83D\uDE00"; // one character, two UTF-16 units; TagValue allows 256
        ObjectNode tags = json("{\"resourceArn\": \"arn:aws:iot:us-east-1:123456789012:thing/lamp-1\"}");
        tags.putArray("tags").addObject().put("Key", "k").put("Value", emoji.repeat(256));
        assertThat(iot.validate(operation("iot", "TagResource"), tags)).isEqualTo(tags);
    }

    @Test
    void severalViolationsAreCountedAndJoinedWithSemicolons() {
        assertRejected(
                "iot",
                "CreateThing",
                """
                {"thingName": "", "thingTypeName": "a b"}""",
                "InvalidRequestException",
                "3 validation errors detected: Value '' at 'thingName' failed to satisfy constraint: Member must have"
                        + " length greater than or equal to 1; Value '' at 'thingName' failed to satisfy constraint:"
                        + " Member must satisfy regular expression pattern: [a-zA-Z0-9:_-]+; Value 'a b' at"
                        + " 'thingTypeName' failed to satisfy constraint: Member must satisfy regular expression"
                        + " pattern: [a-zA-Z0-9:_-]+");
    }

    @Test
    void aBrokenMapValueIsReportedAtTheMapWithAllConstraintsOfTheValueShape() {
        assertRejected(
                "iot",
                "CreateThing",
                """
                {"thingName": "lamp-1", "attributePayload": {"attributes": {"fw": "a b", "hw": "ok"}}}""",
                "InvalidRequestException",
                "1 validation error detected: Value '{fw=a b, hw=ok}' at 'attributePayload.attributes' failed to"
                        + " satisfy constraint: Map value must satisfy constraint: [Member must have length less than"
                        + " or equal to 800, Member must satisfy regular expression pattern:"
                        + " [a-zA-Z0-9_.,@/:#=\\[\\]-]*]");
    }

    @Test
    void brokenMapKeysComeBeforeBrokenMapValuesAndNestedPathsJoinWithDots() {
        assertRejected(
                "iot",
                "CreateThingGroup",
                """
                {"thingGroupName": "floor-3",
                 "thingGroupProperties": {"attributePayload": {"attributes": {"bad key": "a b"}}}}""",
                "InvalidRequestException",
                "2 validation errors detected: Value '{bad key=a b}' at"
                        + " 'thingGroupProperties.attributePayload.attributes' failed to satisfy constraint: Map keys"
                        + " must satisfy constraint: [Member must have length less than or equal to 128, Member must"
                        + " satisfy regular expression pattern: [a-zA-Z0-9_.,@/:#-]+]; Value '{bad key=a b}' at"
                        + " 'thingGroupProperties.attributePayload.attributes' failed to satisfy constraint: Map value"
                        + " must satisfy constraint: [Member must have length less than or equal to 800, Member must"
                        + " satisfy regular expression pattern: [a-zA-Z0-9_.,@/:#=\\[\\]-]*]");
    }

    @Test
    void aMapKeyOutsideAnEnumListsTheEnum() {
        assertRejected(
                "iot",
                "UpdateEventConfigurations",
                """
                {"eventConfigurations": {"NOPE": {"Enabled": true}}}""",
                "InvalidRequestException",
                "1 validation error detected: Value '{NOPE={Enabled=true}}' at 'eventConfigurations' failed to"
                        + " satisfy constraint: Map keys must satisfy constraint: [Member must satisfy enum value set:"
                        + " [THING, THING_GROUP, THING_TYPE, THING_GROUP_MEMBERSHIP, THING_GROUP_HIERARCHY,"
                        + " THING_TYPE_ASSOCIATION, JOB, JOB_EXECUTION, POLICY, CERTIFICATE, CA_CERTIFICATE]]");
    }

    @Test
    void aBrokenListElementIsReportedAtTheListWithAllConstraintsOfTheElementShape() {
        assertRejected(
                "iot",
                "UpdateThingGroupsForThing",
                """
                {"thingName": "lamp-1", "thingGroupsToAdd": ["ok", "a b"]}""",
                "InvalidRequestException",
                "1 validation error detected: Value '[ok, a b]' at 'thingGroupsToAdd' failed to satisfy constraint:"
                        + " Member must satisfy constraint: [Member must have length less than or equal to 128, Member"
                        + " must have length greater than or equal to 1, Member must satisfy regular expression"
                        + " pattern: [a-zA-Z0-9:_-]+]");
    }

    @Test
    void structuresInAListAreNumberedFromOneAndMemberNamesStartLowerCase() {
        assertRejected(
                "iot",
                "TagResource",
                """
                {"resourceArn": "arn:aws:iot:us-east-1:123456789012:thing/lamp-1",
                 "tags": [{"Key": "site", "Value": "hq"}, {"Value": "v"}]}""",
                "InvalidRequestException",
                "1 validation error detected: Value null at 'tags.2.member.key' failed to satisfy constraint: Member"
                        + " must not be null");
    }

    @Test
    void doublesAndTheirBoundsAreWrittenAsJavaDoubles() {
        assertRejected(
                "iot",
                "CreateJob",
                """
                {"jobId": "fw-1", "targets": ["arn:aws:iot:us-east-1:123456789012:thing/lamp-1"],
                 "abortConfig": {"criteriaList": [{"failureType": "FAILED", "action": "CANCEL",
                                                   "thresholdPercentage": 101, "minNumberOfExecutedThings": 1}]}}""",
                "InvalidRequestException",
                "1 validation error detected: Value '101.0' at 'abortConfig.criteriaList.1.member.thresholdPercentage'"
                        + " failed to satisfy constraint: Member must have value less than or equal to 100.0");
    }

    @Test
    void queryStringsBecomeTypedValuesAndAreCheckedAgainstTheirBounds() {
        ObjectNode input = json("""
                {"maxResults": "5", "thingTypeName": "lamp"}""");

        ObjectNode typed = iot.validate(operation("iot", "ListThings"), input);

        assertThat(typed.get("maxResults").isInt()).isTrue();
        assertThat(typed.get("maxResults").intValue()).isEqualTo(5);
        assertThat(input.get("maxResults").isTextual())
                .as("the input stays as it was")
                .isTrue();
        assertRejected(
                "iot",
                "ListThings",
                """
                {"maxResults": "251"}""",
                "InvalidRequestException",
                "1 validation error detected: Value '251' at 'maxResults' failed to satisfy constraint: Member must"
                        + " have value less than or equal to 250");
        assertRejected(
                "iot",
                "ListThings",
                """
                {"maxResults": "0"}""",
                "InvalidRequestException",
                "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have"
                        + " value greater than or equal to 1");
    }

    @Test
    void aQueryEnumListsItsValues() {
        assertRejected(
                "iot",
                "UpdateCertificate",
                "{\"certificateId\": \"" + "0a".repeat(32) + "\", \"newStatus\": \"BOGUS\"}",
                "InvalidRequestException",
                "1 validation error detected: Value 'BOGUS' at 'newStatus' failed to satisfy constraint: Member must"
                        + " satisfy enum value set: [ACTIVE, INACTIVE, REVOKED, PENDING_TRANSFER, REGISTER_INACTIVE,"
                        + " PENDING_ACTIVATION]");
    }

    @Test
    void aQueryStringOfTheWrongTypeIsASerializationException() {
        assertRejected(
                "iot",
                "ListThings",
                """
                {"maxResults": "abc"}""",
                "SerializationException",
                "STRING_VALUE can not be converted to an Integer");
        assertRejected(
                "iot",
                "ListThingsInThingGroup",
                """
                {"thingGroupName": "floor-3", "recursive": "yes"}""",
                "SerializationException",
                "STRING_VALUE can not be converted to a Boolean");
    }

    @Test
    void queryBooleansAndTimestampsAreConverted() {
        assertThat(iot.validate(
                                operation("iot", "ListThingsInThingGroup"),
                                json(
                                        """
                                {"thingGroupName": "floor-3", "recursive": "TRUE"}"""))
                        .get("recursive")
                        .booleanValue())
                .isTrue();

        ObjectNode audit = iot.validate(
                operation("iot", "ListAuditTasks"),
                json("""
                {"startTime": "2019-01-01T00:00:00Z", "endTime": "1546300800.5"}"""));

        assertThat(audit.get("startTime").decimalValue()).isEqualByComparingTo("1546300800");
        assertThat(audit.get("endTime").decimalValue()).isEqualByComparingTo("1546300800.5");
    }

    @Test
    void aBodyValueOfTheWrongTypeIsASerializationException() {
        assertRejected(
                "iot",
                "CreateThing",
                """
                {"thingName": 5}""",
                "SerializationException",
                "NUMBER_VALUE can not be converted to an String");
        assertRejected(
                "iot",
                "CreateThing",
                """
                {"thingName": "lamp-1", "attributePayload": {"merge": "yes"}}""",
                "SerializationException",
                "STRING_VALUE can not be converted to a Boolean");
        assertRejected(
                "iot",
                "CreateThing",
                """
                {"thingName": "lamp-1", "attributePayload": []}""",
                "SerializationException",
                "Start of list found where not expected");
        assertRejected(
                "iot",
                "ListThings",
                """
                {"maxResults": 2.5}""",
                "SerializationException",
                "NUMBER_VALUE can not be converted to an Integer");
    }

    @Test
    void queryNumbersHaveAsciiDigitsOnly() {
        // Integer.parseInt and new BigDecimal read any Unicode digit: fullwidth '１' was taken as 1
        assertRejected(
                "iot",
                "ListThings",
                """
                {"maxResults": "\uFF11"}""",
                "SerializationException",
                "STRING_VALUE can not be converted to an Integer");
        assertRejected(
                "iot",
                "DeleteThing",
                """
                {"thingName": "lamp-1", "expectedVersion": "\u0663"}""",
                "SerializationException",
                "STRING_VALUE can not be converted to a Long");
        assertRejected(
                "signer",
                "ListSigningJobs",
                """
                {"signatureExpiresBefore": "\uFF11\uFF12"}""",
                "SerializationException",
                "STRING_VALUE can not be converted to a Date");
    }

    @Test
    void numbersMustBeFinite() {
        // JSON's 1e400 reads as a double's infinity
        assertRejected(
                "iot",
                "GetPercentiles",
                """
                {"queryString": "thingName:*", "aggregationField": "attributes.t", "percents": [50, 1e400]}""",
                "SerializationException",
                "NUMBER_VALUE can not be converted to a Double");
        assertRejected(
                "iot",
                "CreateJob",
                """
                {"jobId": "j", "targets": ["arn:aws:iot:us-east-1:123456789012:thing/t"],
                 "jobExecutionsRolloutConfig": {"exponentialRate": {"baseRatePerMinute": 1,
                  "incrementFactor": 1e400, "rateIncreaseCriteria": {"numberOfNotifiedThings": 1}}}}""",
                "SerializationException",
                "NUMBER_VALUE can not be converted to a Double");
    }

    @Test
    void timestampsLieBetweenYearOneAndYear9999() {
        assertRejected(
                "signer",
                "RevokeSigningProfile",
                """
                {"profileName": "p1", "profileVersion": "ABCDEF1234", "reason": "r", "effectiveTime": 1e18}""",
                "SerializationException",
                "NUMBER_VALUE can not be converted to a Date");
        assertRejected(
                "signer",
                "ListSigningJobs",
                """
                {"signatureExpiresAfter": "1000000000000000000"}""",
                "SerializationException",
                "STRING_VALUE can not be converted to a Date");
        assertThat(new InputValidator(MODEL.service("signer"))
                        .validate(
                                operation("signer", "RevokeSigningProfile"),
                                json(
                                        """
                                {"profileName": "p1", "profileVersion": "ABCDEF1234", "reason": "r",
                                 "effectiveTime": 253402300799}"""))
                        .get("effectiveTime")
                        .longValue())
                .isEqualTo(253_402_300_799L);
    }

    @Test
    void stringsMustNotContainNul() {
        assertRejected(
                "iot",
                "UpdateThing",
                """
                {"thingName": "lamp-1", "thingTypeName": "a\\u0000"}""",
                "InvalidRequestException",
                "2 validation errors detected: Value 'a\u0000' at 'thingTypeName' failed to satisfy constraint: Member"
                        + " must satisfy regular expression pattern: [a-zA-Z0-9:_-]+; Value 'a\u0000' at"
                        + " 'thingTypeName' failed to satisfy constraint: Member must not contain the character"
                        + " U+0000");
        assertRejected(
                "iot",
                "SearchIndex",
                """
                {"queryString": "thingName:x\\u0000y"}""",
                "InvalidRequestException",
                "1 validation error detected: Value 'thingName:x\u0000y' at 'queryString' failed to satisfy"
                        + " constraint: Member must not contain the character U+0000");
        assertRejected(
                "iot",
                "CreateThing",
                """
                {"thingName": "lamp-1", "attributePayload": {"attributes": {"fw": "1\\u0000"}}}""",
                "InvalidRequestException",
                "2 validation errors detected: Value '{fw=1\u0000}' at 'attributePayload.attributes' failed to satisfy"
                        + " constraint: Member must not contain the character U+0000; Value '{fw=1\u0000}' at"
                        + " 'attributePayload.attributes' failed to satisfy constraint: Map value must satisfy"
                        + " constraint: [Member must have length less than or equal to 800, Member must satisfy"
                        + " regular expression pattern: [a-zA-Z0-9_.,@/:#=\\[\\]-]*]");
    }

    @Test
    void aValidInputPassesWithUnknownMembersKept() {
        ObjectNode valid = json(
                """
                {"thingName": "lamp-1", "thingTypeName": "lamp",
                 "attributePayload": {"attributes": {"fw": "1.2.3", "site": "hq"}, "merge": true},
                 "futureMember": 1}""");

        assertThat(iot.validate(operation("iot", "CreateThing"), valid)).isEqualTo(valid);
    }

    @Test
    void theJobsDataPlaneAcceptsNextAsAJobId() {
        InputValidator jobsData = new InputValidator(MODEL.service("iot-jobs-data"));

        ObjectNode typed = jobsData.validate(
                operation("iot-jobs-data", "DescribeJobExecution"),
                json("""
                {"thingName": "lamp-1", "jobId": "$next", "executionNumber": "3"}"""));

        assertThat(typed.get("executionNumber").longValue()).isEqualTo(3L);
    }

    @Test
    void signerAnswersWithItsOwnValidationErrorAndReadsQueryListsFromOneOrManyValues() {
        InputValidator signer = new InputValidator(MODEL.service("signer"));

        assertRejected(
                "signer",
                "GetSigningProfile",
                """
                {"profileName": "a-b"}""",
                "ValidationException",
                "1 validation error detected: Value 'a-b' at 'profileName' failed to satisfy constraint: Member must"
                        + " satisfy regular expression pattern: ^[a-zA-Z0-9_]{2,}");
        assertThat(signer.validate(
                                operation("signer", "UntagResource"),
                                json(
                                        """
                                {"resourceArn": "arn:aws:signer:us-east-1:123456789012:/signing-profiles/p", "tagKeys": "site"}"""))
                        .get("tagKeys"))
                .isEqualTo(json("{\"k\": [\"site\"]}").get("k"));
    }

    @Test
    void refusesAnOperationOfAnotherModel() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> iot.validate(operation("iot-data", "GetThingShadow"), json("{}")))
                .withMessage("GetThingShadow belongs to iot-data, not iot");
    }

    private static void assertRejected(
            String service, String operation, String input, String errorType, String message) {
        try {
            new InputValidator(MODEL.service(service)).validate(operation(service, operation), json(input));
            fail("%s accepted %s", operation, input);
        } catch (AwsServiceException rejected) {
            assertThat(rejected.code().name()).isEqualTo(errorType);
            assertThat(rejected.httpStatus()).isEqualTo(400);
            assertThat(rejected.getMessage()).isEqualTo(message);
        }
    }

    private static Operation operation(String service, String name) {
        return MODEL.service(service).operation(name);
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
