package io.iotdm.provisioning.peer;

import io.grpc.StatusRuntimeException;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.grpc.service.AwsErrorStatus;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/**
 * A peer that does not answer in time makes the operation fail with AWS's ServiceUnavailableException (503); a peer's
 * refusal by AWS's rules (platform/grpc-service {@code AwsErrorStatus}) is that AWS error.
 */
final class PeerCalls {

    private static final Logger LOG = Logger.getLogger(PeerCalls.class);

    private PeerCalls() {}

    static <T> Uni<T> unavailableAsAws(Uni<T> call, String peer, String method, AwsErrors errors) {
        return call.onFailure(StatusRuntimeException.class).transform(failure -> {
            var refusal = AwsErrorStatus.awsError(failure);
            if (refusal.isPresent()) {
                return errors.iot(refusal.get().errorType(), refusal.get().message());
            }
            LOG.warnf("The %s did not answer %s: %s", peer, method, failure.toString());
            return errors.iot(
                    "ServiceUnavailableException", "The " + peer + " is unavailable; retry the request later");
        });
    }
}
