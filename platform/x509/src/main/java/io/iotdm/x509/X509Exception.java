package io.iotdm.x509;

/**
 * Input that AWS IoT would refuse: a certificate, CSR, PEM or key that cannot be used for the operation. {@link
 * #errorShape()} is the AWS error the caller of the API gets (its name goes into {@code x-amzn-ErrorType}), the
 * message is the answer's {@code message}: it starts with the description AWS gives the error shape and goes on to
 * say what is wrong and in which member (docs/aws-behaviour.md §6.1, §6.2). The message never holds key material.
 */
public final class X509Exception extends RuntimeException {

    /** The AWS errors of the certificate and CA operations (iot.service-2.json). */
    public enum ErrorShape {
        /** The request cannot be used: a CSR (CreateCertificateFromCsr has no other error for it), a key. */
        INVALID_REQUEST("InvalidRequestException", "The request is not valid"),
        /** A certificate that is not usable: RegisterCertificate(WithoutCA), RegisterCACertificate. */
        CERTIFICATE_VALIDATION("CertificateValidationException", "The certificate is invalid"),
        /** RegisterCACertificate: the verification certificate does not carry the account's registration code. */
        REGISTRATION_CODE_VALIDATION("RegistrationCodeValidationException", "The registration code is invalid"),
        /** RegisterCertificate: more than one registered CA could have signed the certificate. */
        CERTIFICATE_CONFLICT(
                "CertificateConflictException",
                "Unable to verify the CA certificate used to sign the device certificate you are attempting to"
                        + " register. This happens when you have registered more than one CA certificate that has the"
                        + " same subject field and public key");

        private final String shapeName;
        private final String description;

        ErrorShape(String shapeName, String description) {
            this.shapeName = shapeName;
            this.description = description;
        }

        /** The error shape's name in the model, e.g. {@code CertificateValidationException}. */
        public String shapeName() {
            return shapeName;
        }
    }

    private final ErrorShape errorShape;

    private X509Exception(ErrorShape errorShape, String detail) {
        super(errorShape.description + ": " + detail);
        this.errorShape = errorShape;
    }

    static X509Exception invalidRequest(String detail) {
        return new X509Exception(ErrorShape.INVALID_REQUEST, detail);
    }

    static X509Exception certificateValidation(String detail) {
        return new X509Exception(ErrorShape.CERTIFICATE_VALIDATION, detail);
    }

    static X509Exception registrationCodeValidation(String detail) {
        return new X509Exception(ErrorShape.REGISTRATION_CODE_VALIDATION, detail);
    }

    static X509Exception certificateConflict(String detail) {
        return new X509Exception(ErrorShape.CERTIFICATE_CONFLICT, detail);
    }

    /** The AWS error this refusal answers. */
    public ErrorShape errorShape() {
        return errorShape;
    }
}
