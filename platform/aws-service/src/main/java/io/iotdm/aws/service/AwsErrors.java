package io.iotdm.aws.service;

import io.iotdm.aws.protocol.AwsModel;
import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.aws.protocol.ServiceModel;
import jakarta.inject.Singleton;
import java.util.Map;

/** The control plane's ({@code iot}) errors, with the status and members its model gives each. */
@Singleton
public class AwsErrors {

    private final ServiceModel iot;
    private final ServiceModel iotData;

    AwsErrors(AwsModel model) {
        this.iot = model.service("iot");
        this.iotData = model.service("iot-data");
    }

    public AwsServiceException invalidRequest(String message) {
        return iot("InvalidRequestException", message);
    }

    public AwsServiceException resourceNotFound(String message) {
        return iot("ResourceNotFoundException", message);
    }

    public AwsServiceException versionConflict(String message) {
        return iot("VersionConflictException", message);
    }

    public AwsServiceException resourceAlreadyExists(String message, String resourceId, String resourceArn) {
        return new AwsServiceException(
                iot.errorCode("ResourceAlreadyExistsException"),
                message,
                Map.of("resourceId", resourceId, "resourceArn", resourceArn));
    }

    public AwsServiceException iot(String errorShape, String message) {
        return new AwsServiceException(iot.errorCode(errorShape), message);
    }

    public AwsServiceException iotData(String errorShape, String message) {
        return new AwsServiceException(iotData.errorCode(errorShape), message);
    }
}
