package io.iotdm.provisioning.template;

import java.util.Set;

/**
 * What a template is parsed for: the rules differ (docs/aws-behaviour.md §6.3, §6.5, §6.6), and so do the parameters
 * AWS injects.
 */
public enum TemplateUse {
    /** RegisterThing and bulk registration (StartThingRegistrationTask): the caller gives every parameter. */
    REGISTER_THING(Set.of()),
    /**
     * Just-in-time provisioning: the certificate's id and its subject's fields; the certificate resource takes
     * {@code CertificateId}.
     */
    JITP(Set.of(
            InjectedParameters.CERTIFICATE_ID,
            "AWS::IoT::Certificate::Country",
            "AWS::IoT::Certificate::Organization",
            "AWS::IoT::Certificate::OrganizationalUnit",
            "AWS::IoT::Certificate::DistinguishedNameQualifier",
            "AWS::IoT::Certificate::StateName",
            "AWS::IoT::Certificate::CommonName",
            "AWS::IoT::Certificate::SerialNumber")),
    /**
     * Fleet provisioning over MQTT: the id of the certificate of the ownership token; the certificate resource takes
     * {@code CertificateId}; {@code Mappings}, {@code DeviceConfiguration} and policy documents as objects are allowed.
     */
    FLEET_PROVISIONING(Set.of(InjectedParameters.CERTIFICATE_ID));

    private final Set<String> injectedParameters;

    TemplateUse(Set<String> injectedParameters) {
        this.injectedParameters = injectedParameters;
    }

    /** The parameters AWS gives the template itself; a template may refer to them without declaring them. */
    public Set<String> injectedParameters() {
        return injectedParameters;
    }

    boolean isFleetProvisioning() {
        return this == FLEET_PROVISIONING;
    }

    /** JITP and fleet provisioning work on a certificate that exists already. */
    boolean takesCertificateIdOnly() {
        return this != REGISTER_THING;
    }
}
