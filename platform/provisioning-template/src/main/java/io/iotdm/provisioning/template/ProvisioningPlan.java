package io.iotdm.provisioning.template;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a template asks for with one set of parameter values, every function resolved and every name checked against
 * AWS's patterns: the provisioning-service creates or updates these resources and attaches the policies and the thing
 * to the certificate.
 *
 * @param deviceConfiguration the fleet-provisioning answer's {@code deviceConfiguration} (empty for other uses)
 * @param parameters the values the template ran with: the caller's for declared parameters, the defaults, and the
 *     injected ones
 */
public record ProvisioningPlan(
        Optional<ThingPlan> thing,
        Optional<CertificatePlan> certificate,
        List<PolicyPlan> policies,
        Map<String, String> deviceConfiguration,
        Map<String, String> parameters) {

    public ProvisioningPlan {
        policies = List.copyOf(policies);
        deviceConfiguration = Collections.unmodifiableMap(new LinkedHashMap<>(deviceConfiguration));
        parameters = Map.copyOf(parameters);
    }

    /** The fleet-provisioning answer's {@code thingName}. */
    public Optional<String> thingName() {
        return thing.map(ThingPlan::thingName);
    }

    /**
     * The thing to create, or to update as the override settings say when it exists. An absent attribute payload,
     * type or group list leaves the thing's as it is.
     */
    public record ThingPlan(
            String logicalId,
            String thingName,
            Optional<String> thingTypeName,
            Optional<Map<String, String>> attributes,
            Optional<List<String>> thingGroups,
            Optional<String> billingGroup,
            OverrideSetting attributePayloadOverride,
            OverrideSetting thingTypeNameOverride,
            OverrideSetting thingGroupsOverride) {}

    /** The certificate to register or issue, or the existing one, and the status to give it. */
    public record CertificatePlan(
            String logicalId, CertificateSource source, CertificateStatus status, OverrideSetting statusOverride) {}

    /** Where the certificate comes from. */
    public sealed interface CertificateSource {
        /** An existing certificate (the only form in JITP and fleet provisioning). */
        record ById(String certificateId) implements CertificateSource {}

        /** A new certificate issued for this signing request. */
        record FromCsr(String certificateSigningRequest) implements CertificateSource {}

        /** A certificate to register, signed by a registered CA (named by its PEM when more than one matches). */
        record FromPem(String certificatePem, Optional<String> caCertificatePem) implements CertificateSource {}
    }

    /**
     * A policy to attach to the certificate: an existing one by name, or a new one with this document, which AWS names
     * by a hash of the document ({@link #document()} present: create it under {@link #policyName()} unless it exists).
     */
    public record PolicyPlan(String logicalId, String policyName, Optional<String> document) {}
}
