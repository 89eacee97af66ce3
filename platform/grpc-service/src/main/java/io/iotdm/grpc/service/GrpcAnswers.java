package io.iotdm.grpc.service;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.iotdm.aws.protocol.AwsServiceException;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/** Answers of the gRPC-Java API from Mutiny, and failures as gRPC statuses. */
public final class GrpcAnswers {

    private static final Logger LOG = Logger.getLogger(GrpcAnswers.class);

    private GrpcAnswers() {}

    public static <T> void unary(Uni<T> answer, StreamObserver<T> responses) {
        answer.subscribe()
                .with(
                        item -> {
                            responses.onNext(item);
                            responses.onCompleted();
                        },
                        failure -> responses.onError(status(failure)));
    }

    /**
     * A status the code chose passes as it is, an AWS error travels as {@link AwsErrorStatus}; anything else is a bug or
     * an outage, logged here and INTERNAL.
     */
    public static Throwable status(Throwable failure) {
        if (failure instanceof StatusRuntimeException || failure instanceof StatusException) {
            return failure;
        }
        if (failure instanceof AwsServiceException error) {
            return AwsErrorStatus.of(error);
        }
        LOG.error("gRPC call failed", failure);
        return Status.INTERNAL.withDescription("Internal failure").asRuntimeException();
    }
}
