package io.iotdm.provisioning.template;

/** The names of the parameters AWS injects that the caller of the library most often needs. */
public final class InjectedParameters {

    /** IoT's id of the certificate being provisioned (JITP: the one presented; fleet: the ownership token's). */
    public static final String CERTIFICATE_ID = "AWS::IoT::Certificate::Id";

    private InjectedParameters() {}
}
