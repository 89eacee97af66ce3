package io.iotdm.devicegateway.identity;

import io.iotdm.grpc.provisioning.v1.DescribeClientCertificateResponse;
import io.iotdm.iotpolicy.EffectivePolicies;
import io.iotdm.iotpolicy.PolicyContext;
import java.time.Instant;
import java.util.Optional;

/**
 * A device certificate as provisioning-service described it, with the policies in force for one client id compiled,
 * and the policy variables of a connection that presents it under that client id.
 */
public record DeviceIdentity(
        String certificateId,
        String clientId,
        DescribeClientCertificateResponse registration,
        EffectivePolicies policies,
        PolicyContext context) {

    /**
     * Why a connection with this certificate is refused, or empty when it may connect (docs/aws-behaviour.md §9.1): it
     * must be registered and ACTIVE, the CA it was registered under (if any) registered and ACTIVE, and {@code now}
     * within its validity.
     */
    public Optional<String> refusal(Instant now) {
        if (!registration.getFound()) {
            return Optional.of("certificate " + certificateId + " is not registered");
        }
        if (!"ACTIVE".equals(registration.getStatus())) {
            return Optional.of("certificate " + certificateId + " is " + registration.getStatus());
        }
        if (!registration.getCaCertificateId().isEmpty() && !"ACTIVE".equals(registration.getCaStatus())) {
            return Optional.of("the CA certificate " + registration.getCaCertificateId() + " of certificate "
                    + certificateId + " is "
                    + (registration.getCaStatus().isEmpty() ? "not registered" : registration.getCaStatus()));
        }
        long millis = now.toEpochMilli();
        if (millis < registration.getNotBeforeEpochMillis() || millis > registration.getNotAfterEpochMillis()) {
            return Optional.of("certificate " + certificateId + " is not valid now (valid from "
                    + Instant.ofEpochMilli(registration.getNotBeforeEpochMillis()) + " to "
                    + Instant.ofEpochMilli(registration.getNotAfterEpochMillis()) + ")");
        }
        return Optional.empty();
    }

    /** Whether the policies in force allow {@code action} on {@code resource} for this connection. */
    public boolean allows(String action, String resource) {
        return policies.decide(action, resource, context).allowed();
    }
}
