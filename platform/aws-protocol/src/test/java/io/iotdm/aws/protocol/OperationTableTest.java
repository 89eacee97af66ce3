package io.iotdm.aws.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperationTableTest {

    private static final AwsModel MODEL = AwsModel.load();
    private static final OperationTable TABLE = new OperationTable(MODEL);
    private static final JsonMapper JSON = new JsonMapper();

    @ParameterizedTest(name = "{0} {1} {2} -> {3} {4}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            textBlock =
                    """
            iot           | GET    | /things                                          | iot           | ListThings                   | -
            iot           | GET    | /things?maxResults=5&nextToken=abc               | iot           | ListThings                   | -
            iot           | POST   | /things/lamp-1                                   | iot           | CreateThing                  | thingName=lamp-1
            iot           | GET    | /things/lamp-1                                   | iot           | DescribeThing                | thingName=lamp-1
            iot           | PATCH  | /things/lamp-1                                   | iot           | UpdateThing                  | thingName=lamp-1
            iot           | DELETE | /things/lamp-1?expectedVersion=3                 | iot           | DeleteThing                  | thingName=lamp-1
            iot           | GET    | /things/a%3Ab                                    | iot           | DescribeThing                | thingName=a:b
            iot           | GET    | /things/a+b                                      | iot           | DescribeThing                | thingName=a+b
            iot           | PUT    | /thing-groups/addThingToThingGroup               | iot           | AddThingToThingGroup         | -
            iot           | PUT    | /thing-groups/removeThingFromThingGroup          | iot           | RemoveThingFromThingGroup    | -
            iot           | PUT    | /thing-groups/updateThingGroupsForThing          | iot           | UpdateThingGroupsForThing    | -
            iot           | POST   | /thing-groups/floor-3                            | iot           | CreateThingGroup             | thingGroupName=floor-3
            iot           | GET    | /thing-groups/floor-3                            | iot           | DescribeThingGroup           | thingGroupName=floor-3
            iot           | GET    | /thing-groups/floor-3/things                     | iot           | ListThingsInThingGroup       | thingGroupName=floor-3
            iot           | POST   | /dynamic-thing-groups/floor-3                    | iot           | CreateDynamicThingGroup      | thingGroupName=floor-3
            iot           | GET    | /things/lamp-1/thing-groups                      | iot           | ListThingGroupsForThing      | thingName=lamp-1
            iot           | GET    | /things/lamp-1/jobs                              | iot           | ListJobExecutionsForThing    | thingName=lamp-1
            iot           | GET    | /things/lamp-1/jobs/job-7                        | iot           | DescribeJobExecution         | thingName=lamp-1,jobId=job-7
            iot           | PUT    | /things/lamp-1/jobs/job-7/cancel                 | iot           | CancelJobExecution           | thingName=lamp-1,jobId=job-7
            iot           | DELETE | /things/lamp-1/jobs/job-7/executionNumber/12     | iot           | DeleteJobExecution           | thingName=lamp-1,jobId=job-7,executionNumber=12
            iot           | POST   | /command-executions                              | iot           | ListCommandExecutions        | -
            iot           | GET    | /cacertificate/0a1b                              | iot           | DescribeCACertificate        | certificateId=0a1b
            iot           | PUT    | /cacertificate/0a1b?newStatus=ACTIVE             | iot           | UpdateCACertificate          | certificateId=0a1b
            iot           | GET    | /policies/p1/version/3                           | iot           | GetPolicyVersion             | policyName=p1,policyVersionId=3
            iot           | POST   | /indices/search                                  | iot           | SearchIndex                  | -
            iot           | GET    | /destinations/arn:aws:sns:us-east-1:1:topic/a/b  | iot           | GetTopicRuleDestination      | arn=arn:aws:sns:us-east-1:1:topic/a/b
            iot           | GET    | /confirmdestination/tok%2Fen/x                   | iot           | ConfirmTopicRuleDestination  | confirmationToken=tok/en/x
            iot-jobs-data | GET    | /things/lamp-1/jobs                              | iot-jobs-data | GetPendingJobExecutions      | thingName=lamp-1
            iot-jobs-data | GET    | /things/lamp-1/jobs/job-7                        | iot-jobs-data | DescribeJobExecution         | thingName=lamp-1,jobId=job-7
            iot-jobs-data | GET    | /things/lamp-1/jobs/$next                        | iot-jobs-data | DescribeJobExecution         | thingName=lamp-1,jobId=$next
            iot-jobs-data | PUT    | /things/lamp-1/jobs/$next                        | iot-jobs-data | StartNextPendingJobExecution | thingName=lamp-1
            iot-jobs-data | PUT    | /things/lamp-1/jobs/%24next                      | iot-jobs-data | StartNextPendingJobExecution | thingName=lamp-1
            iot-jobs-data | POST   | /things/lamp-1/jobs/job-7                        | iot-jobs-data | UpdateJobExecution           | thingName=lamp-1,jobId=job-7
            iot-jobs-data | POST   | /command-executions                              | iot-jobs-data | StartCommandExecution        | -
            execute-api   | GET    | /things                                          | iot           | ListThings                   | -
            execute-api   | GET    | /things/lamp-1/jobs                              | iot           | ListJobExecutionsForThing    | thingName=lamp-1
            execute-api   | POST   | /thing-groups/g1                                 | iot           | CreateThingGroup             | thingGroupName=g1
            iotdata       | GET    | /things/lamp-1/shadow?name=night                 | iot-data      | GetThingShadow               | thingName=lamp-1
            iotdevicegateway | POST | /things/lamp-1/shadow                          | iot-data      | UpdateThingShadow            | thingName=lamp-1
            iotdata       | POST   | /topics/factory%2Fline%2F1?qos=1                 | iot-data      | Publish                      | topic=factory/line/1
            iotdata       | GET    | /api/things/shadow/ListNamedShadowsForThing/l-1  | iot-data      | ListNamedShadowsForThing     | thingName=l-1
            signer        | GET    | /signing-profiles/fw_profile                     | signer        | GetSigningProfile            | profileName=fw_profile
            signer        | POST   | /signing-jobs/with-payload                       | signer        | SignPayload                  | -
            signer        | GET    | /signing-jobs/with-payload                       | signer        | DescribeSigningJob           | jobId=with-payload
            """)
    void matchesRealRequests(
            String signingName, String method, String target, String service, String operation, String parameters) {
        Optional<OperationTable.Match> match = TABLE.match(signingName, method, target);

        assertThat(match).hasValueSatisfying(found -> {
            assertThat(found.operation().service()).isEqualTo(service);
            assertThat(found.operation().name()).isEqualTo(operation);
            assertThat(found.pathParameters()).isEqualTo(parse(parameters));
        });
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            iot      | PATCH  | /things
            iot      | GET    | /nothing-here
            iot      | GET    | /things/
            iot      | GET    | /things//jobs
            iot      | GET    | /destinations/
            iot      | GET    | things/lamp-1
            iot      | GET    | /things/lamp-1/shadow
            iotdata  | GET    | /things
            s3       | GET    | /things
            """)
    void findsNothingForRoutesNoOperationHas(String signingName, String method, String target) {
        assertThat(TABLE.match(signingName, method, target)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            /things/bad%zzescape                 | bad%zzescape
            /things/cut%4                        | cut%4
            /things/cut%                         | cut%
            /things/notutf8%C3%28                | notutf8%C3%28
            /things/lone%FF                      | lone%FF
            /things?nextToken=%zz                | %zz
            /things?maxResults=5&next%4=1        | next%4
            /things?attributeValue=%E2%82        | %E2%82
            /no/such/path%zz                     | path%zz
            """)
    void refusesAPathOrQueryThatIsNotPercentEncodedUtf8(String target, String part) {
        assertThatThrownBy(() -> TABLE.match("iot", "GET", target))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.code().name()).isEqualTo("InvalidRequestException");
                    assertThat(e.code().httpStatus()).isEqualTo(400);
                    assertThat(e.getMessage())
                            .isEqualTo("The request URI contains invalid percent-encoding or UTF-8: '" + part + "'");
                });
    }

    @Test
    void decodesTheQueryAsSigV4SignsItAPlusIsAPlus() {
        OperationTable.Match match = TABLE.match(
                        "iot", "GET", "/things?attributeName=a%2Bb%20c&attributeValue=x+y&nextToken=1&nextToken=%C3%A9")
                .orElseThrow();

        assertThat(match.queryParameters())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "attributeName", List.of("a+b c"),
                        "attributeValue", List.of("x+y"),
                        "nextToken", List.of("1", "\u00e9")));
        assertThat(TABLE.match("iot", "GET", "/things/a+b%20c").orElseThrow().pathParameters())
                .isEqualTo(Map.of("thingName", "a+b c"));
    }

    @Test
    void aLiteralSegmentWinsButALabelServesTheMethodsTheLiteralLacks() {
        // PUT /thing-groups/addThingToThingGroup is a literal; POST on that path can only be CreateThingGroup
        assertThat(TABLE.match("iot", "POST", "/thing-groups/addThingToThingGroup"))
                .hasValueSatisfying(match -> {
                    assertThat(match.operation().name()).isEqualTo("CreateThingGroup");
                    assertThat(match.pathParameters()).containsEntry("thingGroupName", "addThingToThingGroup");
                });
    }

    @Test
    void reportsTheOwnerAlsoOfOperationsOutOfScope() {
        assertThat(TABLE.match("iot", "GET", "/things/lamp-1")
                        .orElseThrow()
                        .operation()
                        .owner())
                .isEqualTo("registry-service");
        assertThat(TABLE.match("iot", "GET", "/rules/r1").orElseThrow().operation())
                .satisfies(operation -> {
                    assertThat(operation.name()).isEqualTo("GetTopicRule");
                    assertThat(operation.inScope()).isFalse();
                });
    }

    @Test
    void everyOperationOfEveryModelIsReachableThroughItsOwnTemplate() {
        for (ServiceModel service : MODEL.services()) {
            for (Operation operation : service.operations()) {
                String path = operation
                        .requestUri()
                        .replaceAll("\\{[^}]+\\+}", "v0/v1")
                        .replaceAll("\\{[^}]+}", "v0");

                assertThat(TABLE.match(service.signingName(), operation.httpMethod(), path))
                        .as("%s %s %s", service.name(), operation.httpMethod(), path)
                        .hasValueSatisfying(
                                match -> assertThat(match.operation()).isSameAs(operation));
            }
        }
    }

    @Test
    void aTemplateWithAQueryPartNeedsThatQueryAndBeatsThePathAlone() throws IOException {
        OperationTable table = new OperationTable(
                syntheticModel(
                        """
                "Plain":    {"name": "Plain",    "http": {"method": "GET", "requestUri": "/widgets/{id}"},
                             "input": {"shape": "Input"}},
                "Versions": {"name": "Versions", "http": {"method": "GET", "requestUri": "/widgets/{id}?versions"},
                             "input": {"shape": "Input"}},
                "Tagged":   {"name": "Tagged",   "http": {"method": "GET", "requestUri": "/widgets/{id}?view=tags"},
                             "input": {"shape": "Input"}}
                """));

        assertThat(table.match("test", "GET", "/widgets/w1")
                        .orElseThrow()
                        .operation()
                        .name())
                .isEqualTo("Plain");
        assertThat(table.match("test", "GET", "/widgets/w1?versions")
                        .orElseThrow()
                        .operation()
                        .name())
                .isEqualTo("Versions");
        assertThat(table.match("test", "GET", "/widgets/w1?max=2&versions=")
                        .orElseThrow()
                        .operation()
                        .name())
                .isEqualTo("Versions");
        assertThat(table.match("test", "GET", "/widgets/w1?view=tags")
                        .orElseThrow()
                        .operation()
                        .name())
                .isEqualTo("Tagged");
        assertThat(table.match("test", "GET", "/widgets/w1?view=other")
                        .orElseThrow()
                        .operation()
                        .name())
                .isEqualTo("Plain");
        assertThat(table.match("test", "GET", "/widgets/w1?versions")
                        .orElseThrow()
                        .pathParameters())
                .isEqualTo(Map.of("id", "w1"));
    }

    @Test
    void refusesTemplatesItCouldNotTellApart() {
        assertThatIllegalStateException()
                .isThrownBy(
                        () -> new OperationTable(
                                syntheticModel(
                                        """
                        "One": {"name": "One", "http": {"method": "GET", "requestUri": "/widgets/{id}"}},
                        "Two": {"name": "Two", "http": {"method": "GET", "requestUri": "/widgets/{name}"}}
                        """)))
                .withMessageStartingWith("Ambiguous templates: test ");
    }

    private static AwsModel syntheticModel(String operations) throws IOException {
        String model =
                """
                {"metadata": {"signingName": "test"},
                 "operations": {%s},
                 "shapes": {
                   "Input": {"type": "structure", "required": ["id"],
                             "members": {"id": {"shape": "Id", "location": "uri", "locationName": "id"}}},
                   "Id": {"type": "string"},
                   "InvalidRequestException": {"type": "structure", "members": {"message": {"shape": "Id"}},
                                               "error": {"httpStatusCode": 400}, "exception": true}
                 }}
                """
                        .formatted(operations);
        return new AwsModel(List.of(ModelReader.read("test", JSON.readTree(model), Map.of())));
    }

    private static Map<String, String> parse(String parameters) {
        return parameters == null
                ? Map.of()
                : Arrays.stream(parameters.split(","))
                        .map(pair -> pair.split("=", 2))
                        .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
    }
}
