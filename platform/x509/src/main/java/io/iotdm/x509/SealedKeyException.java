package io.iotdm.x509;

/**
 * A sealed private key that cannot be sealed or opened (a wrong secret, an altered or foreign text, a secret too
 * short), or a stored issuing CA that cannot be loaded (its certificate unreadable or not a CA, its key not the
 * certificate's). This is an operator's problem at start-up, not an AWS error; the message never holds the secret or
 * the key.
 */
public final class SealedKeyException extends RuntimeException {

    SealedKeyException(String message) {
        super(message);
    }
}
