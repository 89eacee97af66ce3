package io.iotdm.aws.service;

import io.iotdm.aws.protocol.AwsModel;
import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.aws.protocol.ServiceModel;
import jakarta.inject.Singleton;
import java.util.Map;

/** The errors of the control plane ({@code iot}) and the data planes, with the status and members their models give. */
@Singleton
public class AwsErrors {

    private final ServiceModel iot;
    private final ServiceModel iotData;
    private final ServiceModel iotJobsData;

    AwsErrors(AwsModel model) {
        this.iot = model.service("iot");
        this.iotData = model.service("iot-data");
        this.iotJobsData = model.service("iot-jobs-data");
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

    /** ConflictException (409) of the control plane, naming the resource whose id is in use. */
    public AwsServiceException conflict(String message, String resourceId) {
        return new AwsServiceException(iot.errorCode("ConflictException"), message, Map.of("resourceId", resourceId));
    }

    public AwsServiceException iot(String errorShape, String message) {
        return new AwsServiceException(iot.errorCode(errorShape), message);
    }

    public AwsServiceException iotData(String errorShape, String message) {
        return new AwsServiceException(iotData.errorCode(errorShape), message);
    }

    /** An error of the device jobs API over HTTP ({@code iot-jobs-data}). */
    public AwsServiceException iotJobsData(String errorShape, String message) {
        return new AwsServiceException(iotJobsData.errorCode(errorShape), message);
    }
}
