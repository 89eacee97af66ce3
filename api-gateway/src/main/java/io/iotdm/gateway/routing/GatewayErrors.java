package io.iotdm.gateway.routing;

import io.iotdm.aws.protocol.AwsErrorCode;
import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.aws.protocol.Operation;
import java.util.Set;

/**
 * The errors the gateway answers itself, beyond SigV4 and the protocol errors of aws-protocol.
 *
 * <p>SDKs turn an error name they do not model into their generic service exception (status and code intact), and
 * retry 5xx except 501. Hence: an operation iotdm does not implement is 501 (retrying cannot help); a service that
 * should serve the request but is not deployed or not reachable is 503 ServiceUnavailableException, a name the iot,
 * iot-data and iot-jobs-data models declare, so SDKs raise their typed exception and back off and retry, which helps while a service
 * (re)starts.
 */
public final class GatewayErrors {

    private static final AwsErrorCode NOT_IMPLEMENTED = new AwsErrorCode("NotImplementedException", 501, Set.of());
    private static final AwsErrorCode SERVICE_UNAVAILABLE =
            new AwsErrorCode("ServiceUnavailableException", 503, Set.of());
    private static final AwsErrorCode REQUEST_TIMEOUT = new AwsErrorCode("RequestTimeoutException", 408, Set.of());
    private static final AwsErrorCode INTERNAL_FAILURE = new AwsErrorCode("InternalFailureException", 500, Set.of());

    private GatewayErrors() {}

    static AwsServiceException notImplemented(Operation operation) {
        return new AwsServiceException(
                NOT_IMPLEMENTED, operation.name() + " (" + operation.service() + ") is not implemented by iotdm");
    }

    static AwsServiceException notDeployed(Operation operation, String owner) {
        return new AwsServiceException(
                SERVICE_UNAVAILABLE,
                operation.name() + " is served by " + owner + ", which is not deployed on this endpoint");
    }

    /** The owner is configured but did not answer (refused, timed out, or dropped the connection). */
    public static AwsServiceException unreachable(Route route) {
        return new AwsServiceException(
                SERVICE_UNAVAILABLE,
                route.operation().name() + " is served by " + route.upstream().owner()
                        + ", which is not reachable right now");
    }

    /** The client sent its headers but not its whole body in time (iotdm.gateway.body-read-timeout). */
    public static AwsServiceException bodyTooSlow() {
        return new AwsServiceException(
                REQUEST_TIMEOUT, "The request body was not received within the time allowed; the connection is closed");
    }

    /** A bug in the gateway: still an AWS-shaped answer, so clients never see an unparseable 500. */
    public static AwsServiceException internalFailure() {
        return new AwsServiceException(INTERNAL_FAILURE, "Internal failure");
    }
}
