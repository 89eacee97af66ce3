package io.iotdm.aws.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorResponseTest {

    private static final AwsModel MODEL = AwsModel.load();

    @Test
    void rendersTheErrorNameStatusRequestIdAndTheMembersTheShapeDeclares() {
        AwsServiceException exists = new AwsServiceException(
                MODEL.service("iot").errorCode("ResourceAlreadyExistsException"),
                "Thing lamp-1 already exists in account with different attributes",
                Map.of(
                        "resourceId", "lamp-1",
                        "resourceArn", "arn:aws:iot:us-east-1:123456789012:thing/lamp-1"));

        ErrorResponse response = ErrorResponse.of(exists, "4b18b9cd-5df0-c179-26bb-edea4e9e95df");

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.headers())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "x-amzn-ErrorType", "ResourceAlreadyExistsException",
                        "x-amzn-RequestId", "4b18b9cd-5df0-c179-26bb-edea4e9e95df",
                        "Content-Type", "application/json"));
        assertThat(response.body())
                .isEqualTo("{\"message\":\"Thing lamp-1 already exists in account with different attributes\","
                        + "\"resourceArn\":\"arn:aws:iot:us-east-1:123456789012:thing/lamp-1\","
                        + "\"resourceId\":\"lamp-1\"}");
    }

    @Test
    void theStatusComesFromTheModelThatDeclaresTheError() {
        AwsServiceException controlPlane =
                new AwsServiceException(MODEL.service("iot").errorCode("ThrottlingException"), "Rate exceeded");
        AwsServiceException dataPlane =
                new AwsServiceException(MODEL.service("iot-data").errorCode("ThrottlingException"), "Rate exceeded");

        assertThat(ErrorResponse.of(controlPlane, "r1").status()).isEqualTo(400);
        assertThat(ErrorResponse.of(dataPlane, "r2").status()).isEqualTo(429);
    }

    @Test
    void aMalformedBodyIsASerializationExceptionThatSaysWhy() {
        ErrorResponse response = ErrorResponse.of(ProtocolErrors.malformedJson("The request body is empty"), "r1");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.headers()).containsEntry("x-amzn-ErrorType", "SerializationException");
        assertThat(response.body()).isEqualTo("{\"message\":\"The request body is empty\"}");
    }

    @Test
    void refusesMembersTheErrorShapeDoesNotDeclare() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AwsServiceException(
                        MODEL.service("iot").errorCode("ResourceNotFoundException"),
                        "Thing lamp-1 not found",
                        Map.of("resourceId", "lamp-1")))
                .withMessage("ResourceNotFoundException declares only [], not [resourceId]");
    }
}
