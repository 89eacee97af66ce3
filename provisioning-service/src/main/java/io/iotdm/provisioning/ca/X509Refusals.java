package io.iotdm.provisioning.ca;

import io.iotdm.aws.service.AwsErrors;
import io.iotdm.x509.X509Exception;
import java.util.function.Supplier;

/** platform/x509's refusals answered as the AWS errors they name, with their messages (never a 500). */
final class X509Refusals {

    private X509Refusals() {}

    /** @return what {@code step} gives; its X509Exception becomes the AWS error of its shape */
    static <T> T checked(AwsErrors errors, Supplier<T> step) {
        try {
            return step.get();
        } catch (X509Exception e) {
            throw errors.iot(e.errorShape().shapeName(), e.getMessage());
        }
    }

    /** {@link #checked} for a check that gives nothing. */
    static void check(AwsErrors errors, Runnable check) {
        checked(errors, () -> {
            check.run();
            return null;
        });
    }
}
