package io.iotdm.grpc.service;

import io.grpc.StatusRuntimeException;
import io.iotdm.aws.protocol.AwsServiceException;
import io.smallrye.mutiny.Uni;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/**
 * How a service answers its own client when a peer's gRPC call fails: a peer's refusal by AWS's rules
 * ({@link AwsErrorStatus}) is that AWS error; a peer that does not answer in time (or at all) makes the operation fail
 * with AWS's ServiceUnavailableException (503), so that the client retries instead of reading a 500. Every service's
 * peer clients use this one mapping.
 */
public final class PeerFailures {

    private static final Logger LOG = Logger.getLogger(PeerFailures.class);

    private PeerFailures() {}

    /**
     * @param peer the peer as the message names it, for example "registry"
     * @param method the gRPC method, for the log
     * @param iotError makes the control plane's error of a shape and a message (AwsErrors::iot)
     */
    public static <T> Uni<T> asAws(
            Uni<T> call, String peer, String method, BiFunction<String, String, AwsServiceException> iotError) {
        return asAws(call, peer, method, "The " + peer + " is unavailable; retry the request later", iotError);
    }

    /** As {@link #asAws(Uni, String, String, BiFunction)}, with the 503's own message. */
    public static <T> Uni<T> asAws(
            Uni<T> call,
            String peer,
            String method,
            String unavailableMessage,
            BiFunction<String, String, AwsServiceException> iotError) {
        return call.onFailure(StatusRuntimeException.class).transform(failure -> {
            var refusal = AwsErrorStatus.awsError(failure);
            if (refusal.isPresent()) {
                return iotError.apply(refusal.get().errorType(), refusal.get().message());
            }
            LOG.warnf("The %s did not answer %s: %s", peer, method, failure.toString());
            return iotError.apply("ServiceUnavailableException", unavailableMessage);
        });
    }
}
