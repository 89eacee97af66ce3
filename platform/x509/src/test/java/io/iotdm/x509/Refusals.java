package io.iotdm.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Asserts that a call is refused with an AWS error shape and message. */
final class Refusals {

    private Refusals() {}

    static X509Exception refusal(ThrowingCallable call) {
        X509Exception refusal = catchThrowableOfType(X509Exception.class, call);
        assertThat(refusal).as("an X509Exception").isNotNull();
        return refusal;
    }

    static void assertRefused(ThrowingCallable call, String shape, String message) {
        X509Exception refusal = refusal(call);
        assertThat(refusal.errorShape().shapeName()).isEqualTo(shape);
        assertThat(refusal.getMessage()).isEqualTo(message);
    }
}
