package io.iotdm.group.membership;

import io.iotdm.group.store.Membership;
import io.iotdm.group.store.ThingGroup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The thing groups of a provisioning template's thing (docs/aws-behaviour.md §6.8), applied with
 * UpdateThingGroupsForThing's rules and events ({@link MembershipService#update}): MERGE adds the thing to the named
 * groups; REPLACE also takes it out of its other static groups (dynamic groups are their queries' to decide).
 */
@ApplicationScoped
public class ProvisionedMemberships {

    private final MembershipService memberships;

    ProvisionedMemberships(MembershipService memberships) {
        this.memberships = memberships;
    }

    /**
     * Idempotent: memberships the thing has already are left as they are and emit nothing.
     *
     * @return the named groups, now the thing's, in the order named
     */
    public Uni<List<ThingGroup>> add(String thingName, List<String> groupNames, boolean replace) {
        Set<String> named = new LinkedHashSet<>(groupNames);
        Uni<List<String>> leaving = replace
                ? memberships.groupsOfThing(thingName).map(current -> current.stream()
                        .map(Map.Entry::getValue)
                        .filter(group -> !group.isDynamic() && !named.contains(group.name()))
                        .map(ThingGroup::name)
                        .toList())
                : Uni.createFrom().item(List.of());
        return leaving.chain(toRemove -> memberships.update(thingName, List.copyOf(named), toRemove))
                .chain(() -> memberships.groupsOfThing(thingName))
                .map(current -> {
                    Map<String, ThingGroup> byName = new HashMap<>();
                    for (Map.Entry<Membership, ThingGroup> entry : current) {
                        byName.put(entry.getValue().name(), entry.getValue());
                    }
                    return named.stream()
                            .map(byName::get)
                            .filter(Objects::nonNull)
                            .toList();
                });
    }
}
