package io.iotdm.group.dynamic;

import io.iotdm.events.DynamicGroupMessages.Verdict;
import io.iotdm.group.store.MembershipRepository.MembershipRow;
import io.iotdm.group.store.ThingGroup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Which groups a thing joins and leaves at the limit of groups per thing (docs/architecture.md, Dynamic thing groups):
 * a thing joins the dynamic groups whose current query it matches and leaves those it no longer matches; at the limit,
 * a matching group older than the thing's newest dynamic group evicts that one, otherwise it is not joined. Pure: the
 * caller reads the thing's state under its lock and carries the plan out.
 */
public final class CapArbitration {

    /** One change of a thing's dynamic memberships, in the order the plan lists them. */
    public sealed interface Step {

        ThingGroup group();
    }

    /** The thing leaves the group. */
    public record Leave(ThingGroup group) implements Step {}

    /** The thing joins the dynamic group, confirmed under its current query revision. */
    public record Join(ThingGroup group) implements Step {}

    /** The thing's membership of the dynamic group is confirmed under this query revision. */
    public record Stamp(ThingGroup group, long queryRevision) implements Step {}

    /** A matching group the thing does not join: it is already in {@code groups} groups, none of them newer. */
    public record Refused(ThingGroup group, int groups) {}

    /** The changes, and the groups matched but not joined. */
    public record Plan(List<Step> steps, List<Refused> refused) {}

    private final int maxGroupsPerThing;

    public CapArbitration(int maxGroupsPerThing) {
        this.maxGroupsPerThing = maxGroupsPerThing;
    }

    /**
     * Decides a thing's dynamic memberships from its verdicts: a verdict naming a group's current query revision
     * decides (match: join or stay, stamped; no match: leave); verdicts of another revision are not acted on.
     *
     * @param verdicts the thing's verdicts, by group name
     * @param current the thing's memberships, in group name order
     * @param groups the groups of {@code current} and those the verdicts match that exist, by name
     */
    public Plan decide(Map<String, Verdict> verdicts, List<MembershipRow> current, Map<String, ThingGroup> groups) {
        List<Step> steps = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        List<ThingGroup> kept = new ArrayList<>();
        for (MembershipRow row : current) {
            ThingGroup group = groups.get(row.membership().groupName());
            if (group == null) {
                continue;
            }
            Verdict verdict = verdicts.get(group.name());
            boolean decided = group.isDynamic()
                    && verdict != null
                    && verdict.revision() == group.dynamic().queryRevision();
            if (decided && !verdict.matches()) {
                steps.add(new Leave(group));
                continue;
            }
            kept.add(group);
            if (decided && !Long.valueOf(verdict.revision()).equals(row.queryRevision())) {
                steps.add(new Stamp(group, verdict.revision()));
            }
        }
        List<ThingGroup> candidates = verdicts.entrySet().stream()
                .filter(entry -> entry.getValue().matches())
                .map(entry -> groups.get(entry.getKey()))
                .filter(group -> group != null
                        && group.isDynamic()
                        && verdicts.get(group.name()).revision()
                                == group.dynamic().queryRevision()
                        && current.stream()
                                .noneMatch(row -> row.membership().groupName().equals(group.name())))
                .sorted(Comparator.comparingLong(group -> group.dynamic().creationRevision()))
                .toList();
        for (ThingGroup candidate : candidates) {
            if (kept.size() < maxGroupsPerThing) {
                kept.add(candidate);
                steps.add(new Join(candidate));
                continue;
            }
            ThingGroup newest = kept.stream()
                    .filter(ThingGroup::isDynamic)
                    .max(Comparator.comparingLong(group -> group.dynamic().creationRevision()))
                    .orElse(null);
            if (newest == null
                    || candidate.dynamic().creationRevision() > newest.dynamic().creationRevision()) {
                refused.add(new Refused(candidate, kept.size()));
                continue;
            }
            kept.remove(newest);
            kept.add(candidate);
            steps.add(new Leave(newest));
            steps.add(new Join(candidate));
        }
        return new Plan(steps, refused);
    }

    /**
     * The groups a thing leaves to make room for {@code needed} more ({@code overrideDynamicGroups}): its most recently
     * created dynamic groups.
     *
     * @param current the thing's groups
     * @return the groups to leave, or {@code null} when the thing has too few dynamic memberships
     */
    public static List<ThingGroup> evictions(List<ThingGroup> current, int needed) {
        List<ThingGroup> dynamic = current.stream()
                .filter(ThingGroup::isDynamic)
                .sorted(Comparator.comparingLong(
                                (ThingGroup group) -> group.dynamic().creationRevision())
                        .reversed())
                .toList();
        if (dynamic.size() < needed) {
            return null;
        }
        return dynamic.subList(0, needed);
    }
}
