package io.iotdm.registry.shadow;

import static io.iotdm.registry.shadow.Json.assertJson;
import static io.iotdm.registry.shadow.Json.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Delta rules, observed through the delta payload of the update that produces them. */
class ShadowDeltaTest {

    private static final long T1 = 1_700_000_000L;

    private final ShadowEngine engine = new ShadowEngine();

    private Optional<byte[]> delta(String first, String second) {
        ShadowDocument doc = engine.apply(Optional.empty(), ShadowUpdate.parse(utf8(first)), T1)
                .document();
        return engine.apply(Optional.of(doc), ShadowUpdate.parse(utf8(second)), T1 + 5)
                .delta();
    }

    private void assertDelta(String first, String second, String expected) {
        Optional<byte[]> delta = delta(first, second);
        assertThat(delta).isPresent();
        assertJson(delta.orElseThrow(), expected);
    }

    @Test
    void desiredWithoutReportedIsAllDelta() {
        assertDelta(
                """
                {"state":{"desired":{"a":1}}}""",
                """
                {"state":{"desired":{"b":{"c":[1,2]}}}}""",
                """
                {"state":{"a":1,"b":{"c":[1,2]}},
                 "metadata":{"a":{"timestamp":1700000000},"b":{"c":[{"timestamp":1700000005},{"timestamp":1700000005}]}},
                 "version":2,"timestamp":1700000005}""");
    }

    @Test
    void reportedOnlyMembersAreExcluded() {
        assertDelta(
                """
                {"state":{"reported":{"a":1,"only":"here"}}}""",
                """
                {"state":{"desired":{"a":2}}}""",
                """
                {"state":{"a":2},"metadata":{"a":{"timestamp":1700000005}},"version":2,"timestamp":1700000005}""");
    }

    @Test
    void nestedDifferencesKeepTheirFullPath() {
        assertDelta(
                """
                {"state":{"reported":{"lights":{"color":"GREEN","level":{"r":1,"g":2}},"engine":"ON"}}}""",
                """
                {"state":{"desired":{"lights":{"color":"GREEN","level":{"r":1,"g":3}},"engine":"ON"}}}""",
                """
                {"state":{"lights":{"level":{"g":3}}},
                 "metadata":{"lights":{"level":{"g":{"timestamp":1700000005}}}},
                 "version":2,"timestamp":1700000005}""");
    }

    @Test
    void differingArraysAreCopiedWhole() {
        assertDelta(
                """
                {"state":{"reported":{"seq":["RED","GREEN","BLUE"]}}}""",
                """
                {"state":{"desired":{"seq":["RED","GREEN","CYAN"]}}}""",
                """
                {"state":{"seq":["RED","GREEN","CYAN"]},
                 "metadata":{"seq":[{"timestamp":1700000005},{"timestamp":1700000005},{"timestamp":1700000005}]},
                 "version":2,"timestamp":1700000005}""");
    }

    @Test
    void equalArraysAreNotADelta() {
        assertThat(delta(
                        """
                {"state":{"reported":{"seq":[1,{"a":2}]}}}""",
                        """
                {"state":{"desired":{"seq":[1.0,{"a":2e0}]}}}"""))
                .isEmpty();
    }

    @Test
    void numbersCompareByValue() {
        assertThat(delta(
                        """
                {"state":{"reported":{"n":10,"m":0.5}}}""",
                        """
                {"state":{"desired":{"n":1e1,"m":0.50}}}"""))
                .isEmpty();
    }

    @Test
    void typeChangeCopiesTheDesiredValueWhole() {
        assertDelta(
                """
                {"state":{"reported":{"a":5}}}""",
                """
                {"state":{"desired":{"a":{"x":1,"y":2}}}}""",
                """
                {"state":{"a":{"x":1,"y":2}},
                 "metadata":{"a":{"x":{"timestamp":1700000005},"y":{"timestamp":1700000005}}},
                 "version":2,"timestamp":1700000005}""");
    }

    @Test
    void stringAndNumberAreDifferent() {
        assertDelta(
                """
                {"state":{"reported":{"a":"1"}}}""",
                """
                {"state":{"desired":{"a":1}}}""",
                """
                {"state":{"a":1},"metadata":{"a":{"timestamp":1700000005}},"version":2,"timestamp":1700000005}""");
    }

    @Test
    void deletingAReportedValueBringsItBackIntoTheDelta() {
        ShadowDocument doc = engine.apply(
                        Optional.empty(),
                        ShadowUpdate.parse(
                                utf8("""
                {"state":{"desired":{"a":1},"reported":{"a":1}}}""")),
                        T1)
                .document();
        Optional<byte[]> delta = engine.apply(
                        Optional.of(doc),
                        ShadowUpdate.parse(utf8("""
                {"state":{"reported":{"a":null}}}""")),
                        T1 + 5)
                .delta();
        assertJson(
                delta.orElseThrow(),
                """
                {"state":{"a":1},"metadata":{"a":{"timestamp":1700000000}},"version":2,"timestamp":1700000005}""");
    }

    @Test
    void emptyDesiredObjectMissingFromReportedIsADelta() {
        assertDelta(
                """
                {"state":{"reported":{"b":1}}}""",
                """
                {"state":{"desired":{"a":{}}}}""",
                """
                {"state":{"a":{}},"metadata":{"a":{}},"version":2,"timestamp":1700000005}""");
    }
}
