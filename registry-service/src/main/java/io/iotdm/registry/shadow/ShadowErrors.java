package io.iotdm.registry.shadow;

import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.function.Supplier;

/** Shadow rejections over HTTP: iot-data's error shape for each status, with the shadow service's message. */
@Singleton
class ShadowErrors {

    private final AwsErrors errors;

    ShadowErrors(AwsErrors errors) {
        this.errors = errors;
    }

    /** Runs a shadow call and answers its document, or iot-data's error for its rejection. */
    Uni<AwsResponse> document(Supplier<Uni<? extends byte[]>> call) {
        return Uni.createFrom()
                .deferred(call)
                .map(AwsResponse::document)
                .onFailure()
                .transform(this::toAws);
    }

    private Throwable toAws(Throwable failure) {
        if (!(failure instanceof ShadowException rejected)) {
            return failure;
        }
        String shape =
                switch (rejected.httpStatus()) {
                    case 400 -> "InvalidRequestException";
                    case 401 -> "UnauthorizedException";
                    case 403 -> "ForbiddenException";
                    case 404 -> "ResourceNotFoundException";
                    case 409 -> "ConflictException";
                    case 413 -> "RequestEntityTooLargeException";
                    case 415 -> "UnsupportedDocumentEncodingException";
                    case 429 -> "ThrottlingException";
                    default -> "InternalFailureException";
                };
        return errors.iotData(shape, rejected.getMessage());
    }
}
