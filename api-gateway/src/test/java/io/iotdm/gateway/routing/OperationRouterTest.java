package io.iotdm.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.iotdm.aws.protocol.AwsModel;
import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.gateway.config.GatewayConfig;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OperationRouterTest {

    private static final Supplier<byte[]> NO_BODY = () -> new byte[0];

    static OperationRouter router;
    static OperationRouter withGroups;

    @BeforeAll
    static void load() {
        GatewayConfig.Service registry = () -> Optional.of(URI.create("http://127.0.0.1:29081"));
        GatewayConfig.Service jobs = () -> Optional.of(URI.create("http://127.0.0.1:29085"));
        GatewayConfig.Service group = Optional::empty;
        router = new OperationRouter(
                AwsModel.load(), Map.of("registry-service", registry, "jobs-service", jobs, "group-service", group));
        GatewayConfig.Service deployedGroups = () -> Optional.of(URI.create("http://127.0.0.1:29083"));
        withGroups = new OperationRouter(
                AwsModel.load(), Map.of("registry-service", registry, "group-service", deployedGroups));
    }

    @Test
    void theSigningNamePicksTheModel() {
        Route device = router.route("iot-jobs-data", "GET", "/things/lamp-1/jobs", NO_BODY);
        assertEquals("GetPendingJobExecutions", device.operation().name());
        assertEquals("jobs-service", device.upstream().owner());

        Route control = router.route("iot", "GET", "/things/lamp-1/jobs", NO_BODY);
        assertEquals("ListJobExecutionsForThing", control.operation().name());
        assertEquals(29085, control.upstream().port());

        // older botocore (AWS CLI v2 of Debian 12, boto3 1.26) and the AWS SDK for Java v1 sign iot as execute-api
        Route legacy = router.route("execute-api", "GET", "/things/lamp-1/jobs", NO_BODY);
        assertEquals("ListJobExecutionsForThing", legacy.operation().name());
        assertEquals(
                "ListThings",
                router.route("execute-api", "GET", "/things", NO_BODY)
                        .operation()
                        .name());

        assertEquals(
                "Publish",
                router.route("iotdevicegateway", "POST", "/topics/a%2Fb", NO_BODY)
                        .operation()
                        .name());
    }

    @Test
    void whatCannotBeServedSaysWhy() {
        AwsServiceException unknown =
                assertThrows(AwsServiceException.class, () -> router.route("iot", "GET", "/nothing/here", NO_BODY));
        assertEquals(404, unknown.httpStatus());

        AwsServiceException notDeployed =
                assertThrows(AwsServiceException.class, () -> router.route("iot", "POST", "/thing-groups/g", NO_BODY));
        assertEquals(503, notDeployed.httpStatus());
        assertEquals("ServiceUnavailableException", notDeployed.code().name());

        AwsServiceException outOfScope =
                assertThrows(AwsServiceException.class, () -> router.route("iot", "GET", "/billing-groups", NO_BODY));
        assertEquals(501, outOfScope.httpStatus());

        // not percent-encoded UTF-8: a 400, also where the gateway reads a query parameter itself (it was a 500)
        for (String target : new String[] {"/things/a%C3%28", "/tags?resourceArn=%zz", "/tags?resourceArn=%FF"}) {
            AwsServiceException malformed =
                    assertThrows(AwsServiceException.class, () -> withGroups.route("iot", "GET", target, NO_BODY));
            assertEquals(400, malformed.httpStatus(), target);
            assertEquals("InvalidRequestException", malformed.code().name(), target);
        }
    }

    @Test
    void eachServiceKeepsTheTagsOfItsOwnResources() {
        String groupArn = "arn:aws:iot:us-east-1:000000000000:thinggroup/fleet";
        String thingArn = "arn:aws:iot:us-east-1:000000000000:thing/lamp-1";

        Route tagGroup = withGroups.route("iot", "POST", "/tags", () -> json("{\"resourceArn\":\"" + groupArn + "\"}"));
        assertEquals("TagResource", tagGroup.operation().name());
        assertEquals("group-service", tagGroup.upstream().owner());
        assertEquals(
                "group-service",
                withGroups
                        .route(
                                "iot",
                                "GET",
                                "/tags?resourceArn="
                                        + groupArn.replace(":", "%3A").replace("/", "%2F"),
                                NO_BODY)
                        .upstream()
                        .owner());
        assertEquals(
                "group-service",
                withGroups
                        .route(
                                "iot",
                                "POST",
                                "/untag",
                                () -> json("{\"resourceArn\":\"" + groupArn + "\",\"tagKeys\":[]}"))
                        .upstream()
                        .owner());

        assertEquals(
                "registry-service",
                withGroups
                        .route("iot", "POST", "/tags", () -> json("{\"resourceArn\":\"" + thingArn + "\"}"))
                        .upstream()
                        .owner());
        // the tags of provisioning templates, policies and CA certificates are provisioning-service's, which this
        // router
        // does not deploy
        for (String provisioningArn : new String[] {
            "arn:aws:iot:us-east-1:000000000000:provisioningtemplate/fleet",
            "arn:aws:iot:us-east-1:000000000000:policy/lamps",
            "arn:aws:iot:us-east-1:000000000000:cacert/" + "ab".repeat(32)
        }) {
            AwsServiceException provisioningTags = assertThrows(
                    AwsServiceException.class,
                    () -> withGroups.route(
                            "iot", "POST", "/tags", () -> json("{\"resourceArn\":\"" + provisioningArn + "\"}")),
                    provisioningArn);
            assertEquals(503, provisioningTags.httpStatus(), provisioningArn);
            assertEquals(
                    "TagResource is served by provisioning-service, which is not deployed on this endpoint",
                    provisioningTags.getMessage(),
                    provisioningArn);
        }
        // the tags of jobs and job templates are the jobs-service's, which this router does not deploy either
        for (String jobsArn : new String[] {
            "arn:aws:iot:us-east-1:000000000000:job/reboot", "arn:aws:iot:us-east-1:000000000000:jobtemplate/firmware"
        }) {
            AwsServiceException jobsTags = assertThrows(
                    AwsServiceException.class,
                    () -> withGroups.route("iot", "POST", "/tags", () -> json("{\"resourceArn\":\"" + jobsArn + "\"}")),
                    jobsArn);
            assertEquals(
                    "TagResource is served by jobs-service, which is not deployed on this endpoint",
                    jobsTags.getMessage(),
                    jobsArn);
        }
        // what is not an ARN goes to the operation's owner, which answers it with AWS's error
        assertEquals(
                "registry-service",
                withGroups
                        .route("iot", "POST", "/tags", () -> json("not json"))
                        .upstream()
                        .owner());
    }

    private static byte[] json(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
