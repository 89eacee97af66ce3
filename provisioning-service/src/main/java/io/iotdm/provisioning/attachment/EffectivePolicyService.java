package io.iotdm.provisioning.attachment;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.grpc.group.v1.GroupRef;
import io.iotdm.grpc.group.v1.ThingGroupOfThing;
import io.iotdm.grpc.registry.v1.ThingSummary;
import io.iotdm.provisioning.peer.RegistryThings;
import io.iotdm.provisioning.peer.ThingGroups;
import io.iotdm.provisioning.store.PolicyRepository;
import io.iotdm.provisioning.store.PolicyVersion;
import io.iotdm.provisioning.store.ProvisioningTransactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The policies in effect for a device (docs/aws-behaviour.md §6.4): those attached to its principal, and those
 * attached to each group of its thing and to every ancestor of those groups, each policy once, with the document of
 * its default version.
 */
@ApplicationScoped
public class EffectivePolicyService {

    private final ProvisioningTransactions transactions;
    private final PolicyRepository policies;
    private final RegistryThings registry;
    private final ThingGroups thingGroups;
    private final AwsErrors errors;
    private final Arns arns;

    EffectivePolicyService(
            ProvisioningTransactions transactions,
            PolicyRepository policies,
            RegistryThings registry,
            ThingGroups thingGroups,
            AwsErrors errors,
            Arns arns) {
        this.transactions = transactions;
        this.policies = policies;
        this.registry = registry;
        this.thingGroups = thingGroups;
        this.errors = errors;
        this.arns = arns;
    }

    /** The policies in effect for a device, and its thing as the registry describes it ({@code null} without one). */
    public record InForce(ThingSummary thing, List<PolicyVersion> policies) {}

    /**
     * @param principal a certificate ARN or a Cognito identity id, or {@code null}
     * @param thingName the device's thing, or {@code null}
     * @return the default versions of the policies in effect, in policy-name order
     */
    public Uni<List<PolicyVersion>> effective(String principal, String thingName) {
        return inForce(principal, thingName).map(InForce::policies);
    }

    /**
     * {@link #effective}, with the thing: the device gateway's answer at CONNECT gives its type and attributes for the
     * policy variables (docs/aws-behaviour.md §9.2), from the registry's one answer that the groups need anyway.
     */
    public Uni<InForce> inForce(String principal, String thingName) {
        Set<String> targets = new LinkedHashSet<>();
        if (principal != null) {
            targets.add(PolicyTargetName.parse(principal, arns, errors).target());
        }
        Uni<ThingSummary> described = thingName == null
                ? Uni.createFrom().nullItem()
                : registry.find(thingName).invoke(thing -> {
                    if (thing == null) {
                        throw errors.resourceNotFound("Thing " + thingName + " does not exist");
                    }
                });
        return described.chain(thing -> (thing == null
                        ? Uni.createFrom().item(targets)
                        : thingGroups.groupsOf(thingName).map(groups -> {
                            for (ThingGroupOfThing group : groups) {
                                targets.add(group.getGroup().getGroupArn());
                                group.getRootToParentList().stream()
                                        .map(GroupRef::getGroupArn)
                                        .forEach(targets::add);
                            }
                            return targets;
                        }))
                .chain(this::defaultVersions)
                .map(policies -> new InForce(thing, policies)));
    }

    private Uni<List<PolicyVersion>> defaultVersions(Set<String> lineage) {
        return lineage.isEmpty()
                ? Uni.createFrom().item(List.<PolicyVersion>of())
                : transactions.read(session -> policies.attachedToAny(session, lineage)
                        .chain(names -> names.isEmpty()
                                ? Uni.createFrom().item(List.<PolicyVersion>of())
                                : policies.defaultVersions(session, names)));
    }
}
