package io.iotdm.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.iotdm.aws.protocol.AwsModel;
import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.gateway.config.GatewayConfig;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OperationRouterTest {

    static OperationRouter router;

    @BeforeAll
    static void load() {
        GatewayConfig.Service registry = () -> Optional.of(URI.create("http://127.0.0.1:29081"));
        GatewayConfig.Service jobs = () -> Optional.of(URI.create("http://127.0.0.1:29085"));
        GatewayConfig.Service group = Optional::empty;
        router = new OperationRouter(
                AwsModel.load(), Map.of("registry-service", registry, "jobs-service", jobs, "group-service", group));
    }

    @Test
    void theSigningNamePicksTheModel() {
        Route device = router.route("iot-jobs-data", "GET", "/things/lamp-1/jobs");
        assertEquals("GetPendingJobExecutions", device.operation().name());
        assertEquals("jobs-service", device.upstream().owner());

        Route control = router.route("iot", "GET", "/things/lamp-1/jobs");
        assertEquals("ListJobExecutionsForThing", control.operation().name());
        assertEquals(29085, control.upstream().port());

        assertEquals(
                "Publish",
                router.route("iotdevicegateway", "POST", "/topics/a%2Fb")
                        .operation()
                        .name());
    }

    @Test
    void whatCannotBeServedSaysWhy() {
        AwsServiceException unknown =
                assertThrows(AwsServiceException.class, () -> router.route("iot", "GET", "/nothing/here"));
        assertEquals(404, unknown.httpStatus());

        AwsServiceException notDeployed =
                assertThrows(AwsServiceException.class, () -> router.route("iot", "POST", "/thing-groups/g"));
        assertEquals(503, notDeployed.httpStatus());
        assertEquals("ServiceUnavailableException", notDeployed.code().name());

        AwsServiceException outOfScope =
                assertThrows(AwsServiceException.class, () -> router.route("iot", "GET", "/billing-groups"));
        assertEquals(501, outOfScope.httpStatus());
    }
}
