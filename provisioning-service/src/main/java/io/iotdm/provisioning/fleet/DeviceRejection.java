package io.iotdm.provisioning.fleet;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.AwsServiceException;

/**
 * A fleet-provisioning request refused: the {@code /rejected} answer {@code {"statusCode", "errorCode",
 * "errorMessage"}} (docs/aws-behaviour.md §6.10).
 */
final class DeviceRejection extends RuntimeException {

    private static final String EXCEPTION_SUFFIX = "Exception";

    private final int statusCode;
    private final String errorCode;

    DeviceRejection(int statusCode, String errorCode, String errorMessage) {
        super(errorMessage, null, false, false);
        this.statusCode = statusCode;
        this.errorCode = errorCode;
    }

    /** AWS's code for every refused ownership token (docs/aws-behaviour.md §6.10). */
    static DeviceRejection invalidToken(String message) {
        return new DeviceRejection(400, "InvalidCertificateOwnershipToken", message);
    }

    /** A pre-provisioning hook's refusal or failure, and a claim's refusal: AWS's code for a hook's refusal. */
    static DeviceRejection accessDenied(String message) {
        return new DeviceRejection(403, "ACCESS_DENIED", message);
    }

    /** Too many requests of one claim certificate: AWS's ThrottlingException in this answer's shape. */
    static DeviceRejection throttled(String message) {
        return new DeviceRejection(429, "Throttling", message);
    }

    /** A payload that is not the request's JSON. */
    static DeviceRejection invalidPayload(String message) {
        return new DeviceRejection(400, "InvalidPayload", message);
    }

    /**
     * A request that failed for a reason of its own, not an outage ({@code DeviceRequestFailures}): AWS's {@code
     * InternalFailureException} in this answer's shape (docs/aws-behaviour.md §6.10); the cause is in the log.
     */
    static DeviceRejection internalError() {
        return new DeviceRejection(500, "InternalError", "An internal error occurred; the request can be sent again");
    }

    /**
     * The answer of a refusal of the HTTP API's shape: its status, and its error name without the {@code Exception}
     * suffix (ResourceNotFoundException is {@code ResourceNotFound}), as AWS names {@code
     * InvalidCertificateOwnershipToken}.
     */
    static DeviceRejection of(AwsServiceException refusal) {
        String name = refusal.code().name();
        String code =
                name.endsWith(EXCEPTION_SUFFIX) ? name.substring(0, name.length() - EXCEPTION_SUFFIX.length()) : name;
        return new DeviceRejection(refusal.httpStatus(), code, refusal.getMessage());
    }

    int statusCode() {
        return statusCode;
    }

    String errorCode() {
        return errorCode;
    }

    ObjectNode payload() {
        return JsonNodeFactory.instance
                .objectNode()
                .put("statusCode", statusCode)
                .put("errorCode", errorCode)
                .put("errorMessage", getMessage());
    }
}
