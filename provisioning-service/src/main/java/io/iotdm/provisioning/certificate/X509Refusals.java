package io.iotdm.provisioning.certificate;

import io.iotdm.aws.service.AwsErrors;
import io.iotdm.x509.X509Exception;
import java.util.function.Supplier;

/** platform/x509's refusals answered as the AWS errors they name, with their messages (never a 500). */
public final class X509Refusals {

    private X509Refusals() {}

    /** @return what {@code step} gives; its X509Exception becomes the AWS error of its shape */
    public static <T> T checked(AwsErrors errors, Supplier<T> step) {
        try {
            return step.get();
        } catch (X509Exception e) {
            throw errors.iot(e.errorShape().shapeName(), e.getMessage());
        }
    }

    /** {@link #checked} for a check that gives nothing. */
    public static void check(AwsErrors errors, Runnable check) {
        checked(errors, () -> {
            check.run();
            return null;
        });
    }
}
