package io.iotdm.iotpolicy;

/**
 * A policy document AWS IoT would refuse with {@code MalformedPolicyException}; the message is the one the service
 * answers with. AWS's own text starts with "Policy document is Malformed" (docs/aws-behaviour.md §6.4); the detail
 * after it names the problem and where it is.
 */
public final class MalformedPolicyException extends RuntimeException {

    static final String PREFIX = "Policy document is Malformed";

    MalformedPolicyException(String detail) {
        super(detail == null ? PREFIX : PREFIX + ": " + detail);
    }
}
