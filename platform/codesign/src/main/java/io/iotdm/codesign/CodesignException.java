package io.iotdm.codesign;

/** Why an artifact does not pass the device's check; the message says it in words a job's status details can carry. */
public final class CodesignException extends RuntimeException {

    /** What went wrong. */
    public enum Reason {
        /** The artifact's bytes are not the ones signed (another size, or the signature does not verify). */
        TAMPERED,
        /** The artifact was signed with another key than the trusted certificate's. */
        WRONG_CERTIFICATE,
        /** A signature or hash algorithm the check does not know. */
        UNKNOWN_ALGORITHM,
        /** The block is not a codesign block (not JSON, members missing, a signature that is not base64). */
        MALFORMED_BLOCK
    }

    private final Reason reason;

    CodesignException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
