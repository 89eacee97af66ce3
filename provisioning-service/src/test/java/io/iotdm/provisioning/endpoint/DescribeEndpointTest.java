package io.iotdm.provisioning.endpoint;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.iotdm.provisioning.ProvisioningTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@ProvisioningTestResource
@TestProfile(DescribeEndpointTest.NamedEndpoints.class)
class DescribeEndpointTest {

    /** A deployment that names each endpoint differently, so that each type's answer is told apart. */
    public static class NamedEndpoints implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "iotdm.provisioning.endpoint.data", "legacy.devices.example",
                    "iotdm.provisioning.endpoint.data-ats", "devices.example",
                    "iotdm.provisioning.endpoint.credential-provider", "credentials.example",
                    "iotdm.provisioning.endpoint.jobs", "jobs.example:8443");
        }
    }

    @Test
    void eachEndpointTypeAnswersItsConfiguredHost() {
        Map<String, String> expected = Map.of(
                "iot:Data", "legacy.devices.example",
                "iot:Data-ATS", "devices.example",
                "iot:CredentialProvider", "credentials.example",
                "iot:Jobs", "jobs.example:8443");
        expected.forEach((type, address) -> given().queryParam("endpointType", type)
                .get("/endpoint")
                .then()
                .statusCode(200)
                .body("endpointAddress", equalTo(address)));
    }

    @Test
    void withoutAnEndpointTypeTheLegacyDataEndpointIsAnswered() {
        given().get("/endpoint").then().statusCode(200).body("endpointAddress", equalTo("legacy.devices.example"));
    }

    @Test
    void anUnknownEndpointTypeIsAnInvalidRequest() {
        for (String type : new String[] {"iot:data-ats", "iot:Shadow"}) {
            given().queryParam("endpointType", type)
                    .get("/endpoint")
                    .then()
                    .statusCode(400)
                    .header("x-amzn-ErrorType", "InvalidRequestException")
                    .body(
                            "message",
                            equalTo("endpointType " + type + " is not an endpoint type; the types are iot:Data,"
                                    + " iot:Data-ATS, iot:CredentialProvider, iot:Jobs"));
        }
    }
}
