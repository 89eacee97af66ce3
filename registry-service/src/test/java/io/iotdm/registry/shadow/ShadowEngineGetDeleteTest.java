package io.iotdm.registry.shadow;

import static io.iotdm.registry.shadow.Json.assertJson;
import static io.iotdm.registry.shadow.Json.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShadowEngineGetDeleteTest {

    private static final long T1 = 1_700_000_000L;
    private static final long HOURS_48 = 48L * 3600;

    private final ShadowEngine engine = new ShadowEngine();

    private ShadowDocument at(long now, ShadowDocument current, String json) {
        return engine.apply(Optional.ofNullable(current), ShadowUpdate.parse(utf8(json)), now)
                .document();
    }

    private ShadowDocument threeVersions() {
        ShadowDocument v1 = at(T1, null, """
                {"state":{"reported":{"a":1}}}""");
        ShadowDocument v2 = at(T1 + 1, v1, """
                {"state":{"reported":{"a":2}}}""");
        return at(T1 + 2, v2, """
                {"state":{"reported":{"a":3}}}""");
    }

    @Test
    void getReturnsStateDeltaMetadataVersionAndResponseTime() {
        ShadowDocument v1 = at(T1, null, """
                {"state":{"reported":{"color":"green","temp":21}}}""");
        ShadowDocument v2 = at(T1 + 10, v1, """
                {"state":{"desired":{"color":"red"}}}""");
        assertJson(
                engine.get(v2, T1 + 99, "g1"),
                """
                {"state":{"desired":{"color":"red"},
                          "reported":{"color":"green","temp":21},
                          "delta":{"color":"red"}},
                 "metadata":{"desired":{"color":{"timestamp":1700000010}},
                             "reported":{"color":{"timestamp":1700000000},"temp":{"timestamp":1700000000}}},
                 "version":2,"timestamp":1700000099,"clientToken":"g1"}""");
    }

    @Test
    void getOmitsEmptyDelta() {
        ShadowDocument doc = at(T1, null, """
                {"state":{"desired":{"a":1},"reported":{"a":1}}}""");
        assertJson(
                engine.get(doc, T1 + 5, null),
                """
                {"state":{"desired":{"a":1},"reported":{"a":1}},
                 "metadata":{"desired":{"a":{"timestamp":1700000000}},"reported":{"a":{"timestamp":1700000000}}},
                 "version":1,"timestamp":1700000005}""");
    }

    @Test
    void getOfAClearedShadowIsEmpty() {
        ShadowDocument doc = at(
                T1 + 1,
                at(T1, null, """
                {"state":{"reported":{"a":1}}}"""),
                """
                {"state":null}""");
        assertJson(
                engine.get(doc, T1 + 2, null),
                """
                {"state":{},"metadata":{},"version":2,"timestamp":1700000002}""");
    }

    @Test
    void deleteReportsTheDeletedVersion() {
        ShadowDeleteResult result = engine.delete(threeVersions(), T1 + 50, null);
        assertJson(result.accepted(), """
                {"version":3,"timestamp":1700000050}""");
        assertThat(result.tombstone()).isEqualTo(new ShadowTombstone(3, T1 + 50));
    }

    @Test
    void deleteEchoesTheClientToken() {
        assertJson(
                engine.delete(threeVersions(), T1 + 50, "d1").accepted(),
                """
                {"version":3,"timestamp":1700000050,"clientToken":"d1"}""");
    }

    @Test
    void recreateWithin48HoursContinuesNumbering() {
        ShadowTombstone tombstone =
                engine.delete(threeVersions(), T1 + 50, null).tombstone();
        ShadowUpdateResult result = engine.recreate(
                tombstone,
                ShadowUpdate.parse(utf8("""
                {"state":{"desired":{"b":1}}}""")),
                T1 + 50 + 3600);
        assertThat(result.document().version()).isEqualTo(4);
        assertJson(
                result.document().toJson(),
                """
                {"state":{"desired":{"b":1}},"metadata":{"desired":{"b":{"timestamp":1700003650}}},
                 "version":4,"timestamp":1700003650}""");
    }

    @Test
    void recreateIsANewDocumentWithoutPrevious() {
        ShadowTombstone tombstone = new ShadowTombstone(3, T1);
        ShadowUpdateResult result = engine.recreate(
                tombstone, ShadowUpdate.parse(utf8("""
                {"state":{"reported":{"b":1}}}""")), T1 + 10);
        assertJson(
                result.documents(),
                """
                {"previous":null,
                 "current":{"state":{"reported":{"b":1}},"metadata":{"reported":{"b":{"timestamp":1700000010}}},
                            "version":4},
                 "timestamp":1700000010}""");
    }

    @Test
    void recreateExactly48HoursLaterStillContinues() {
        ShadowTombstone tombstone = new ShadowTombstone(3, T1);
        assertThat(tombstone.expired(T1 + HOURS_48)).isFalse();
        assertThat(engine.recreate(
                                tombstone,
                                ShadowUpdate.parse(utf8("""
                {"state":{"reported":{"b":1}}}""")),
                                T1 + HOURS_48)
                        .document()
                        .version())
                .isEqualTo(4);
    }

    @Test
    void recreateAfter48HoursStartsOver() {
        ShadowTombstone tombstone = new ShadowTombstone(3, T1);
        assertThat(tombstone.expired(T1 + HOURS_48 + 1)).isTrue();
        assertThat(engine.recreate(
                                tombstone,
                                ShadowUpdate.parse(utf8("""
                {"state":{"reported":{"b":1}}}""")),
                                T1 + HOURS_48 + 1)
                        .document()
                        .version())
                .isEqualTo(1);
    }

    @Test
    void recreateChecksTheVersionAgainstTheDeletedOne() {
        ShadowTombstone tombstone = new ShadowTombstone(3, T1);
        assertThat(engine.recreate(
                                tombstone,
                                ShadowUpdate.parse(
                                        utf8("""
                {"state":{"reported":{"b":1}},"version":3}""")),
                                T1 + 1)
                        .document()
                        .version())
                .isEqualTo(4);
        ShadowException e = catchThrowableOfType(
                ShadowException.class,
                () -> engine.recreate(
                        tombstone,
                        ShadowUpdate.parse(
                                utf8("""
                        {"state":{"reported":{"b":1}},"version":0}""")),
                        T1 + 1));
        assertThat(e.httpStatus()).isEqualTo(409);
    }

    @Test
    void recreateAfterExpiryChecksAgainstZero() {
        ShadowTombstone tombstone = new ShadowTombstone(3, T1);
        assertThat(engine.recreate(
                                tombstone,
                                ShadowUpdate.parse(
                                        utf8("""
                {"state":{"reported":{"b":1}},"version":0}""")),
                                T1 + HOURS_48 + 1)
                        .document()
                        .version())
                .isEqualTo(1);
    }
}
