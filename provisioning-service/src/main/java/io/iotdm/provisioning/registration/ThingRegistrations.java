package io.iotdm.provisioning.registration;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.provisioning.template.ProvisioningPlan;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * TEMPORARY stand-in on branch h-bulk for h-registerthing's bean of the same name (the seam's agreed signature): it
 * registers nothing and answers the thing's ARN, so that bulk registration's tasks can be exercised before that branch
 * merges; the merge takes theirs.
 */
@ApplicationScoped
public class ThingRegistrations {

    private final Arns arns;

    ThingRegistrations(Arns arns) {
        this.arns = arns;
    }

    public Uni<RegistrationOutcome> register(String registrationKey, ProvisioningPlan plan) {
        Map<String, String> resourceArns = new LinkedHashMap<>();
        plan.thing().ifPresent(thing -> resourceArns.put(thing.logicalId(), arns.thing(thing.thingName())));
        return Uni.createFrom().item(new RegistrationOutcome(Optional.empty(), resourceArns));
    }
}
