package io.iotdm.group.dynamic;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotdm.events.DynamicGroupMessages.Verdict;
import io.iotdm.group.dynamic.CapArbitration.Join;
import io.iotdm.group.dynamic.CapArbitration.Leave;
import io.iotdm.group.dynamic.CapArbitration.Plan;
import io.iotdm.group.dynamic.CapArbitration.Refused;
import io.iotdm.group.dynamic.CapArbitration.Stamp;
import io.iotdm.group.store.Membership;
import io.iotdm.group.store.MembershipRepository.MembershipRow;
import io.iotdm.group.store.ThingGroup;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The cap arbitration on its own: no database, a limit of 2 groups per thing. */
class CapArbitrationTest {

    private final CapArbitration arbitration = new CapArbitration(2);

    @Test
    void aMatchOfTheCurrentQueryJoinsBelowTheLimit() {
        ThingGroup group = dynamic("d", 5, 3);

        Plan plan = arbitration.decide(Map.of("d", new Verdict(5, true)), List.of(), byName(group));

        assertThat(plan.steps()).containsExactly(new Join(group));
        assertThat(plan.refused()).isEmpty();
    }

    @Test
    void aNoMatchOfTheCurrentQueryLeavesAndAStaticGroupIsNeverLeft() {
        ThingGroup group = dynamic("d", 5, 3);
        ThingGroup fixed = staticGroup("s");

        Plan plan = arbitration.decide(
                Map.of("d", new Verdict(5, false), "s", new Verdict(5, false)),
                List.of(row("d", 5L), row("s", null)),
                byName(group, fixed));

        assertThat(plan.steps()).containsExactly(new Leave(group));
    }

    @Test
    void aVerdictOfAnotherQueryRevisionIsNotActedOn() {
        ThingGroup member = dynamic("member", 7, 1);
        ThingGroup other = dynamic("other", 7, 2);

        Plan plan = arbitration.decide(
                Map.of("member", new Verdict(6, false), "other", new Verdict(6, true)),
                List.of(row("member", 5L)),
                byName(member, other));

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.refused()).isEmpty();
    }

    @Test
    void aMemberConfirmedUnderAnOlderRevisionIsStamped() {
        ThingGroup group = dynamic("d", 9, 3);

        Plan plan = arbitration.decide(Map.of("d", new Verdict(9, true)), List.of(row("d", 4L)), byName(group));

        assertThat(plan.steps()).containsExactly(new Stamp(group, 9));
    }

    @Test
    void atTheLimitAnOlderMatchingGroupEvictsTheNewestDynamicGroup() {
        ThingGroup fixed = staticGroup("s");
        ThingGroup newest = dynamic("newest", 20, 20);
        ThingGroup older = dynamic("older", 10, 10);

        Plan plan = arbitration.decide(
                Map.of("newest", new Verdict(20, true), "older", new Verdict(10, true)),
                List.of(row("newest", 20L), row("s", null)),
                byName(fixed, newest, older));

        assertThat(plan.steps()).containsExactly(new Leave(newest), new Join(older));
        assertThat(plan.refused()).isEmpty();
    }

    @Test
    void atTheLimitANewerMatchingGroupIsRefused() {
        ThingGroup member = dynamic("member", 10, 10);
        ThingGroup fixed = staticGroup("s");
        ThingGroup newer = dynamic("newer", 20, 20);

        Plan plan = arbitration.decide(
                Map.of("member", new Verdict(10, true), "newer", new Verdict(20, true)),
                List.of(row("member", 10L), row("s", null)),
                byName(member, fixed, newer));

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.refused()).containsExactly(new Refused(newer, 2));
    }

    @Test
    void atTheLimitOfStaticGroupsEveryMatchIsRefused() {
        ThingGroup first = staticGroup("a");
        ThingGroup second = staticGroup("b");
        ThingGroup wanted = dynamic("d", 3, 3);

        Plan plan = arbitration.decide(
                Map.of("d", new Verdict(3, true)),
                List.of(row("a", null), row("b", null)),
                byName(first, second, wanted));

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.refused()).containsExactly(new Refused(wanted, 2));
    }

    @Test
    void olderGroupsWinTheFreeSlots() {
        ThingGroup oldest = dynamic("z-oldest", 1, 1);
        ThingGroup middle = dynamic("a-middle", 2, 2);
        ThingGroup youngest = dynamic("m-youngest", 3, 3);
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        verdicts.put("m-youngest", new Verdict(3, true));
        verdicts.put("a-middle", new Verdict(2, true));
        verdicts.put("z-oldest", new Verdict(1, true));

        Plan plan = arbitration.decide(verdicts, List.of(), byName(oldest, middle, youngest));

        assertThat(plan.steps()).containsExactly(new Join(oldest), new Join(middle));
        assertThat(plan.refused()).containsExactly(new Refused(youngest, 2));
    }

    @Test
    void overridingEvictsTheMostRecentlyCreatedDynamicGroups() {
        ThingGroup fixed = staticGroup("s");
        ThingGroup old = dynamic("old", 1, 1);
        ThingGroup recent = dynamic("recent", 5, 5);
        ThingGroup middle = dynamic("middle", 3, 3);

        assertThat(CapArbitration.evictions(List.of(fixed, old, recent, middle), 2))
                .containsExactly(recent, middle);
        assertThat(CapArbitration.evictions(List.of(fixed, old), 2)).isNull();
    }

    private static ThingGroup staticGroup(String name) {
        return group(name, null);
    }

    private static ThingGroup dynamic(String name, long queryRevision, long creationRevision) {
        return group(
                name,
                new ThingGroup.Dynamic(
                        "thingName:*",
                        "2017-09-30",
                        "AWS_Things",
                        ThingGroup.Dynamic.ACTIVE,
                        queryRevision,
                        creationRevision,
                        null,
                        null));
    }

    private static ThingGroup group(String name, ThingGroup.Dynamic dynamic) {
        Instant created = Instant.EPOCH;
        return new ThingGroup(
                name, name + "-id", null, List.of(), List.of(), null, Map.of(), 1, 1, created, created, dynamic, false);
    }

    private static MembershipRow row(String groupName, Long queryRevision) {
        return new MembershipRow(new Membership("thing", groupName, "thing-id", "m-" + groupName, 1), queryRevision);
    }

    private static Map<String, ThingGroup> byName(ThingGroup... groups) {
        return Stream.of(groups).collect(Collectors.toMap(ThingGroup::name, Function.identity()));
    }
}
