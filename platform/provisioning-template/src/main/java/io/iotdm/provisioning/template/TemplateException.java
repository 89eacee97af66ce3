package io.iotdm.provisioning.template;

/**
 * A template that cannot be used, or cannot be provisioned with the given parameters. The message names the part of
 * the template (the resource's logical id, the parameter, the section) and the cause, because AWS's own provisioning
 * failures are opaque and users have to guess. {@link #errorShape()} is the AWS error a caller of the API gets.
 */
public final class TemplateException extends RuntimeException {

    /** The AWS errors of the operations that take a template body (iot.service-2.json). */
    public enum ErrorShape {
        /**
         * The body is not a usable template: CreateProvisioningTemplate(Version), RegisterThing,
         * StartThingRegistrationTask, RegisterCACertificate's registrationConfig.
         */
        INVALID_REQUEST("InvalidRequestException"),
        /** The body is a template, but these parameter values cannot be provisioned: RegisterThing's error. */
        RESOURCE_REGISTRATION_FAILURE("ResourceRegistrationFailureException");

        private final String shapeName;

        ErrorShape(String shapeName) {
            this.shapeName = shapeName;
        }

        /** The error shape's name in the model, e.g. {@code InvalidRequestException}. */
        public String shapeName() {
            return shapeName;
        }
    }

    private final ErrorShape errorShape;

    TemplateException(ErrorShape errorShape, String message) {
        super(message);
        this.errorShape = errorShape;
    }

    static TemplateException invalid(String message) {
        return new TemplateException(ErrorShape.INVALID_REQUEST, message);
    }

    static TemplateException registrationFailure(String message) {
        return new TemplateException(ErrorShape.RESOURCE_REGISTRATION_FAILURE, message);
    }

    public ErrorShape errorShape() {
        return errorShape;
    }
}
