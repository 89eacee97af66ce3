package io.iotdm.registry.shadow;

import io.iotdm.aws.service.AwsErrors;
import jakarta.inject.Singleton;

/** Shadow rejections over HTTP: iot-data's error shape for each status, with the shadow service's message. */
@Singleton
class ShadowErrors {

    private final AwsErrors errors;

    ShadowErrors(AwsErrors errors) {
        this.errors = errors;
    }

    Throwable toAws(Throwable failure) {
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
