package io.iotdm.provisioning.registration;

import java.util.Map;
import java.util.Optional;

/**
 * What a complete registration provisioned, as RegisterThing answers it.
 *
 * @param certificatePem the certificate of the template's certificate resource (issued for its CSR, or the one it
 *     named or registered); empty when the template has none
 * @param resourceArns the ARN of each resource, by the template's logical id
 */
public record RegistrationOutcome(Optional<String> certificatePem, Map<String, String> resourceArns) {

    public RegistrationOutcome {
        resourceArns = Map.copyOf(resourceArns);
    }
}
