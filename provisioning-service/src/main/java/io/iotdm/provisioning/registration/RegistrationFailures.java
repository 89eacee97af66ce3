package io.iotdm.provisioning.registration;

import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.aws.service.AwsErrors;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The errors of a registration as RegisterThing's model has them (docs/aws-behaviour.md §6.8): a resource that cannot
 * be provisioned is ResourceRegistrationFailureException (400) whose message names the resource and the cause (AWS's
 * own texts are opaque, its users' top complaint), a conflict with an existing resource under the override setting FAIL
 * is ConflictingResourceUpdateException (409), an unavailable peer is ServiceUnavailableException (503).
 */
@ApplicationScoped
class RegistrationFailures {

    static final String REGISTRATION_FAILURE = "ResourceRegistrationFailureException";
    static final String CONFLICT = "ConflictingResourceUpdateException";
    static final String UNAVAILABLE = "ServiceUnavailableException";

    private final AwsErrors errors;

    RegistrationFailures(AwsErrors errors) {
        this.errors = errors;
    }

    /**
     * Failures that another run may not meet: an unavailable peer, throttling, or anything that is not an AWS refusal
     * (a database that went away). The registration stays IN_PROGRESS and is finished later.
     */
    static boolean passing(Throwable failure) {
        if (failure instanceof AwsServiceException error) {
            return error.httpStatus() >= 500 || error.httpStatus() == 429;
        }
        return true;
    }

    /** The step's refusals, in RegisterThing's shapes and naming {@code resource}; passing failures as they are. */
    <T> Uni<T> of(String resource, Uni<T> step) {
        return step.onFailure(failure -> !passing(failure))
                .transform(failure -> of(resource, (AwsServiceException) failure));
    }

    AwsServiceException of(String resource, AwsServiceException refusal) {
        String type = refusal.code().name();
        if (type.equals(REGISTRATION_FAILURE)
                || (type.equals(CONFLICT) && refusal.getMessage().startsWith("Resource "))) {
            return refusal; // named its resource already
        }
        String message = "Resource " + resource + " cannot be provisioned: " + refusal.getMessage();
        return errors.iot(type.equals(CONFLICT) ? CONFLICT : REGISTRATION_FAILURE, message);
    }

    AwsServiceException stored(String errorType, String message) {
        return errors.iot(errorType, message);
    }

    /** A failure that is not an AWS answer, as RegisterThing answers it: never a 500 (docs/aws-behaviour.md §6.8). */
    AwsServiceException unavailable(Throwable failure) {
        if (failure instanceof AwsServiceException error) {
            return error;
        }
        return errors.iot(
                UNAVAILABLE,
                "The registration could not go on now (" + failure.getClass().getSimpleName()
                        + "); iotdm finishes it in the background");
    }
}
