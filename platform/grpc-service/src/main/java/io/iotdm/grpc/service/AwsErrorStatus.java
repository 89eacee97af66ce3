package io.iotdm.grpc.service;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.iotdm.aws.protocol.AwsServiceException;
import java.util.Optional;

/**
 * An AWS error of a peer's write (for example the registry's ResourceNotFoundException for a thing type that does not
 * exist) as a gRPC status: the description is AWS's message and the trailer {@code iotdm-aws-error-type} names the
 * error shape, so that the caller can answer its own client in AWS's words instead of a bare 503 or 500.
 */
public final class AwsErrorStatus {

    /** The trailer that names the AWS error shape, for example {@code ResourceNotFoundException}. */
    public static final Metadata.Key<String> ERROR_TYPE =
            Metadata.Key.of("iotdm-aws-error-type", Metadata.ASCII_STRING_MARSHALLER);

    /** An AWS error as the caller receives it: its shape name and message. */
    public record AwsError(String errorType, String message) {}

    private AwsErrorStatus() {}

    /** The status of an AWS error: its HTTP class chooses the gRPC code, the trailer names the error. */
    public static StatusRuntimeException of(AwsServiceException error) {
        Metadata trailers = new Metadata();
        trailers.put(ERROR_TYPE, error.code().name());
        return code(error.httpStatus()).withDescription(error.getMessage()).asRuntimeException(trailers);
    }

    /** @return the AWS error a peer answered, or empty when the failure is not one (an outage, a bug) */
    public static Optional<AwsError> awsError(Throwable failure) {
        if (failure instanceof StatusRuntimeException status && status.getTrailers() != null) {
            String type = status.getTrailers().get(ERROR_TYPE);
            if (type != null) {
                return Optional.of(new AwsError(type, status.getStatus().getDescription()));
            }
        }
        return Optional.empty();
    }

    private static Status code(int httpStatus) {
        return switch (httpStatus) {
            case 404 -> Status.NOT_FOUND;
            case 409 -> Status.ALREADY_EXISTS;
            case 429 -> Status.RESOURCE_EXHAUSTED;
            case 503 -> Status.UNAVAILABLE;
            default -> httpStatus >= 500 ? Status.INTERNAL : Status.FAILED_PRECONDITION;
        };
    }
}
