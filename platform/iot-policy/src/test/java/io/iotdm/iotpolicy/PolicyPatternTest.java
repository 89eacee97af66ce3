package io.iotdm.iotpolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Wildcards, variables and their escapes, matched as AWS matches resources and condition values. */
class PolicyPatternTest {

    private static final PolicyContext CONTEXT = PolicyContext.builder()
            .clientId("lamp-1")
            .thing("lamp-1", null, Map.of("room", "kitchen*"))
            .build();

    private static boolean like(String pattern, String input) {
        return PolicyPattern.compile(pattern, true, true).matches(input, CONTEXT, false);
    }

    @Test
    void starMatchesAnyRunIncludingSlashesAndNothing() {
        assertThat(like("topic/*", "topic/")).isTrue();
        assertThat(like("topic/*", "topic/a/b/c")).isTrue();
        assertThat(like("*", "")).isTrue();
        assertThat(like("a*b*c", "abc")).isTrue();
        assertThat(like("a*b*c", "aXbYbZc")).isTrue();
        assertThat(like("a*b*c", "aXbYbZ")).isFalse();
        assertThat(like("a**c", "abbc")).isTrue();
        assertThat(like("*/shadow/*", "$aws/things/x/shadow/update")).isTrue();
    }

    @Test
    void questionMarkMatchesExactlyOneCharacter() {
        assertThat(like("lamp-?", "lamp-1")).isTrue();
        assertThat(like("lamp-?", "lamp-")).isFalse();
        assertThat(like("lamp-?", "lamp-12")).isFalse();
        assertThat(like("lamp-?*", "lamp-12")).isTrue();
        assertThat(like("*?", "")).isFalse();
    }

    @Test
    void mqttWildcardsAreLiteralCharacters() {
        assertThat(like("topicfilter/a/#", "topicfilter/a/#")).isTrue();
        assertThat(like("topicfilter/a/#", "topicfilter/a/b")).isFalse();
        assertThat(like("topicfilter/a/+/c", "topicfilter/a/+/c")).isTrue();
        assertThat(like("topicfilter/a/+/c", "topicfilter/a/b/c")).isFalse();
        assertThat(like("topicfilter/a/*", "topicfilter/a/#")).isTrue();
    }

    @Test
    void resourcesAreCaseSensitiveAndActionsAreNot() {
        assertThat(like("topic/Lamp", "topic/lamp")).isFalse();
        PolicyPattern action = PolicyPattern.compile("iot:publish", true, false);
        assertThat(action.matches("iot:Publish", null, true)).isTrue();
    }

    @Test
    void variablesResolveAndTheirValuesAreLiteral() {
        assertThat(like("client/${iot:ClientId}", "client/lamp-1")).isTrue();
        assertThat(like("client/${iot:clientid}", "client/lamp-1")).isTrue();
        assertThat(like("client/${iot:ClientId}", "client/lamp-2")).isFalse();
        assertThat(like("topic/${iot:Connection.Thing.Attributes[room]}", "topic/kitchen*"))
                .isTrue();
        assertThat(like("topic/${iot:Connection.Thing.Attributes[room]}", "topic/kitchenette"))
                .isFalse();
        assertThat(like("*/${iot:ClientId}/*", "a/lamp-1/b")).isTrue();
    }

    @Test
    void anUnresolvedVariableMatchesNothing() {
        assertThat(like("topic/${iot:Connection.Thing.ThingTypeName}", "topic/"))
                .isFalse();
        assertThat(like("*${iot:Connection.Thing.Attributes[Room]}*", "anything"))
                .isFalse();
        assertThat(PolicyPattern.compile("${iot:ClientId}", true, true).matches("lamp-1", null, false))
                .isFalse();
    }

    @Test
    void escapesAreTheLiteralCharacters() {
        assertThat(like("topic/${*}", "topic/*")).isTrue();
        assertThat(like("topic/${*}", "topic/x")).isFalse();
        assertThat(like("topic/${?}", "topic/?")).isTrue();
        assertThat(like("topic/${?}", "topic/x")).isFalse();
        assertThat(like("topic/${$}{x}", "topic/${x}")).isTrue();
        assertThat(like("$aws/things/*", "$aws/things/lamp-1")).isTrue();
    }

    @Test
    void withoutVariablesDollarBraceIsText() {
        PolicyPattern pattern = PolicyPattern.compile("topic/${iot:ClientId}", true, false);
        assertThat(pattern.matches("topic/${iot:ClientId}", CONTEXT, false)).isTrue();
        assertThat(pattern.matches("topic/lamp-1", CONTEXT, false)).isFalse();
    }

    @Test
    void withoutWildcardsStarIsText() {
        PolicyPattern pattern = PolicyPattern.compile("a*", false, true);
        assertThat(pattern.matches("a*", CONTEXT, false)).isTrue();
        assertThat(pattern.matches("ab", CONTEXT, false)).isFalse();
    }

    @Test
    void anUnterminatedOrEmptyVariableIsRefused() {
        assertThatThrownBy(() -> PolicyPattern.compile("topic/${iot:ClientId", true, true))
                .hasMessage("the policy variable at 6 of 'topic/${iot:ClientId' has no closing '}'");
        assertThatThrownBy(() -> PolicyPattern.compile("topic/${}", true, true))
                .hasMessage("the policy variable at 6 of 'topic/${}' has no name");
    }

    @Test
    void manyStarsDoNotBacktrackExponentially() {
        String input = "a".repeat(200);
        // A recursive matcher takes astronomically long here; the single backtrack point keeps it quadratic.
        assertThat(like("*a*a*a*a*a*a*a*a*a*a*b", input)).isFalse();
        assertThat(like("*a*a*a*a*a*a*a*a*a*a", input)).isTrue();
    }
}
