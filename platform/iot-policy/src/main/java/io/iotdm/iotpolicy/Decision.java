package io.iotdm.iotpolicy;

/** The outcome of authorizing one request against a principal's effective policies. */
public enum Decision {
    ALLOW,
    /** A Deny statement of one of the policies applies. */
    EXPLICIT_DENY,
    /** No Allow statement applies (the default). */
    IMPLICIT_DENY;

    public boolean allowed() {
        return this == ALLOW;
    }
}
