package io.iotdm.registry.shadow;

import static io.iotdm.registry.shadow.Json.assertJson;
import static io.iotdm.registry.shadow.Json.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShadowEngineUpdateTest {

    private static final long T1 = 1_700_000_000L;
    private static final long T2 = T1 + 60;
    private static final long T3 = T1 + 120;

    private final ShadowEngine engine = new ShadowEngine();

    private ShadowUpdateResult create(String json) {
        return engine.apply(Optional.empty(), ShadowUpdate.parse(utf8(json)), T1);
    }

    private ShadowUpdateResult apply(ShadowDocument current, String json, long now) {
        return engine.apply(Optional.of(current), ShadowUpdate.parse(utf8(json)), now);
    }

    private static ShadowException rejected(ShadowEngine with, ShadowDocument current, String json) {
        return catchThrowableOfType(
                ShadowException.class,
                () -> with.apply(Optional.ofNullable(current), ShadowUpdate.parse(utf8(json)), T2));
    }

    @Test
    void firstUpdateCreatesVersionOne() {
        ShadowUpdateResult result =
                create("""
                {"state":{"desired":{"color":"red"}},"clientToken":"c1"}""");
        assertJson(
                result.accepted(),
                """
                {"state":{"desired":{"color":"red"}},
                 "metadata":{"desired":{"color":{"timestamp":1700000000}}},
                 "version":1,"timestamp":1700000000,"clientToken":"c1"}""");
        assertJson(
                result.document().toJson(),
                """
                {"state":{"desired":{"color":"red"}},
                 "metadata":{"desired":{"color":{"timestamp":1700000000}}},
                 "version":1,"timestamp":1700000000}""");
    }

    @Test
    void acceptedEchoesOnlyTheFieldsSentIncludingNulls() {
        ShadowDocument doc = create("""
                {"state":{"reported":{"a":1,"b":{"c":2,"d":3}}}}""")
                .document();
        ShadowUpdateResult result =
                apply(doc, """
                {"state":{"reported":{"b":{"c":5,"d":null}}}}""", T2);
        assertJson(
                result.accepted(),
                """
                {"state":{"reported":{"b":{"c":5,"d":null}}},
                 "metadata":{"reported":{"b":{"c":{"timestamp":1700000060},"d":{"timestamp":1700000060}}}},
                 "version":2,"timestamp":1700000060}""");
    }

    @Test
    void updateMergesIntoStoredState() {
        ShadowDocument doc = create("""
                {"state":{"reported":{"a":1,"b":{"c":2,"d":3}}}}""")
                .document();
        ShadowDocument next = apply(doc, """
                {"state":{"reported":{"b":{"c":5},"e":"new"}}}""", T2)
                .document();
        assertJson(next.reported().orElseThrow(), """
                {"a":1,"b":{"c":5,"d":3},"e":"new"}""");
    }

    @Test
    void metadataChangesOnlyForTheLeavesSent() {
        ShadowDocument doc = create("""
                {"state":{"reported":{"a":1,"b":{"c":2,"d":3}}}}""")
                .document();
        ShadowDocument next = apply(doc, """
                {"state":{"reported":{"b":{"c":2}}}}""", T2)
                .document();
        assertJson(
                next.metadata(),
                """
                {"reported":{"a":{"timestamp":1700000000},
                             "b":{"c":{"timestamp":1700000060},"d":{"timestamp":1700000000}}}}""");
    }

    @Test
    void nullDeletesTheFieldAndItsMetadata() {
        ShadowDocument doc = create("""
                {"state":{"desired":{"a":1,"b":2}}}""")
                .document();
        ShadowDocument next = apply(doc, """
                {"state":{"desired":{"a":null}}}""", T2)
                .document();
        assertJson(
                next.toJson(),
                """
                {"state":{"desired":{"b":2}},"metadata":{"desired":{"b":{"timestamp":1700000000}}},
                 "version":2,"timestamp":1700000060}""");
    }

    @Test
    void nullForAnAbsentFieldChangesNothingButTheVersion() {
        ShadowDocument doc =
                create("""
                {"state":{"desired":{"a":1}}}""").document();
        ShadowDocument next = apply(doc, """
                {"state":{"desired":{"zzz":null}}}""", T2)
                .document();
        assertThat(next.desired()).isEqualTo(doc.desired());
        assertThat(next.metadata()).isEqualTo(doc.metadata());
        assertThat(next.version()).isEqualTo(2);
    }

    @Test
    void deletingTheLastNestedMemberKeepsTheEmptyParent() {
        ShadowDocument doc = create("""
                {"state":{"desired":{"light":{"on":true},"x":1}}}""")
                .document();
        ShadowDocument next = apply(doc, """
                {"state":{"desired":{"light":{"on":null}}}}""", T2)
                .document();
        assertJson(
                next.toJson(),
                """
                {"state":{"desired":{"light":{},"x":1}},
                 "metadata":{"desired":{"light":{},"x":{"timestamp":1700000000}}},
                 "version":2,"timestamp":1700000060}""");
    }

    @Test
    void emptyObjectIsStoredAsAValue() {
        ShadowDocument doc = create("""
                {"state":{"reported":{"a":{},"b":1}}}""")
                .document();
        assertJson(doc.reported().orElseThrow(), """
                {"a":{},"b":1}""");
    }

    @Test
    void desiredNullDropsTheWholeSection() {
        ShadowDocument doc = create("""
                {"state":{"desired":{"a":1},"reported":{"a":2}}}""")
                .document();
        ShadowUpdateResult result =
                apply(doc, """
                {"state":{"desired":null,"reported":{"a":1}}}""", T2);
        assertJson(
                result.document().toJson(),
                """
                {"state":{"reported":{"a":1}},"metadata":{"reported":{"a":{"timestamp":1700000060}}},
                 "version":2,"timestamp":1700000060}""");
        assertJson(
                result.accepted(),
                """
                {"state":{"desired":null,"reported":{"a":1}},
                 "metadata":{"desired":{"timestamp":1700000060},"reported":{"a":{"timestamp":1700000060}}},
                 "version":2,"timestamp":1700000060}""");
        assertThat(result.delta()).isEmpty();
    }

    @Test
    void sectionEmptiedByDeletesDisappears() {
        ShadowDocument doc = create("""
                {"state":{"desired":{"a":1},"reported":{"b":2}}}""")
                .document();
        ShadowDocument next = apply(doc, """
                {"state":{"desired":{"a":null}}}""", T2)
                .document();
        assertThat(next.desired()).isEmpty();
        assertJson(next.metadata(), """
                {"reported":{"b":{"timestamp":1700000000}}}""");
    }

    @Test
    void emptySectionInUpdateDoesNotCreateIt() {
        ShadowDocument doc = create("""
                {"state":{"desired":{},"reported":{"a":1}}}""")
                .document();
        assertThat(doc.desired()).isEmpty();
        assertThat(doc.reported()).isPresent();
    }

    @Test
    void arraysAreReplacedWholesaleWithPerElementMetadata() {
        ShadowDocument doc = create("""
                {"state":{"desired":{"colors":["RED","GREEN","BLUE"]}}}""")
                .document();
        ShadowDocument next = apply(doc, """
                {"state":{"desired":{"colors":["RED"]}}}""", T2)
                .document();
        assertJson(
                next.toJson(),
                """
                {"state":{"desired":{"colors":["RED"]}},
                 "metadata":{"desired":{"colors":[{"timestamp":1700000060}]}},
                 "version":2,"timestamp":1700000060}""");
    }

    @Test
    void arrayOfObjectsGetsNestedMetadata() {
        ShadowDocument doc = create("""
                {"state":{"reported":{"pages":[{"id":1,"tags":["a"]},[]]}}}""")
                .document();
        assertJson(
                doc.metadata(),
                """
                {"reported":{"pages":[{"id":{"timestamp":1700000000},"tags":[{"timestamp":1700000000}]},[]]}}""");
    }

    @Test
    void objectPatchIsNotMergedIntoAnArray() {
        ShadowDocument doc =
                create("""
                {"state":{"desired":{"a":[1,2]}}}""").document();
        ShadowDocument next = apply(doc, """
                {"state":{"desired":{"a":{"x":1}}}}""", T2)
                .document();
        assertJson(
                next.toJson(),
                """
                {"state":{"desired":{"a":{"x":1}}},"metadata":{"desired":{"a":{"x":{"timestamp":1700000060}}}},
                 "version":2,"timestamp":1700000060}""");
    }

    @Test
    void scalarReplacesAnObject() {
        ShadowDocument doc = create("""
                {"state":{"desired":{"a":{"x":1,"y":2}}}}""")
                .document();
        ShadowDocument next = apply(doc, """
                {"state":{"desired":{"a":"flat"}}}""", T2)
                .document();
        assertJson(
                next.toJson(),
                """
                {"state":{"desired":{"a":"flat"}},"metadata":{"desired":{"a":{"timestamp":1700000060}}},
                 "version":2,"timestamp":1700000060}""");
    }

    @Test
    void objectPatchOnAScalarStartsFromEmpty() {
        ShadowDocument doc =
                create("""
                {"state":{"desired":{"a":5}}}""").document();
        ShadowDocument next = apply(doc, """
                {"state":{"desired":{"a":{"b":1,"c":null}}}}""", T2)
                .document();
        assertJson(next.desired().orElseThrow(), """
                {"a":{"b":1}}""");
    }

    @Test
    void everyAcceptedUpdateIncrementsTheVersion() {
        ShadowDocument v1 =
                create("""
                {"state":{"reported":{"a":1}}}""").document();
        ShadowDocument v2 = apply(v1, """
                {"state":{"reported":{"a":1}}}""", T2)
                .document();
        ShadowDocument v3 = apply(v2, """
                {"state":{}}""", T3).document();
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v3.version()).isEqualTo(3);
        assertThat(v3.timestamp()).isEqualTo(T3);
    }

    @Test
    void matchingVersionIsAccepted() {
        ShadowDocument doc = create("""
                {"state":{"desired":{"colors":["RED","GREEN","BLUE"]}}}""")
                .document();
        ShadowDocument next = apply(
                        doc, """
                {"state":{"desired":{"colors":["BLUE"]}},"version":1}""", T2)
                .document();
        assertThat(next.version()).isEqualTo(2);
    }

    @Test
    void staleVersionIsAConflictEchoingTheToken() {
        ShadowDocument doc = create("""
                {"state":{"desired":{"colors":["RED"]}}}""")
                .document();
        ShadowException e = rejected(
                engine,
                doc,
                """
                {"state":{"desired":{"colors":["BLUE"]}},"version":0,"clientToken":"426bfd96"}""");
        assertThat(e.httpStatus()).isEqualTo(409);
        assertThat(e.getMessage()).isEqualTo("Version conflict");
        assertJson(
                e.errorPayload(T2),
                """
                {"code":409,"message":"Version conflict","timestamp":1700000060,"clientToken":"426bfd96"}""");
    }

    @Test
    void newShadowHasVersionZeroForTheCheck() {
        assertThat(create("""
                {"state":{"reported":{"a":1}},"version":0}""")
                        .document()
                        .version())
                .isEqualTo(1);
        assertThat(rejected(engine, null, """
                {"state":{"reported":{"a":1}},"version":1}""")
                        .httpStatus())
                .isEqualTo(409);
    }

    @Test
    void stateNullClearsEverythingButKeepsTheShadow() {
        ShadowDocument doc = create("""
                {"state":{"desired":{"a":1},"reported":{"a":2}}}""")
                .document();
        ShadowUpdateResult result = apply(doc, """
                {"state":null}""", T2);
        assertJson(
                result.accepted(),
                """
                {"state":null,"metadata":{"timestamp":1700000060},"version":2,"timestamp":1700000060}""");
        assertJson(
                result.document().toJson(),
                """
                {"state":{},"metadata":{},"version":2,"timestamp":1700000060}""");
        assertThat(result.delta()).isEmpty();
    }

    @Test
    void emptyStateIsAnAcceptedNoOp() {
        ShadowDocument doc =
                create("""
                {"state":{"reported":{"a":1}}}""").document();
        ShadowUpdateResult result = apply(doc, """
                {"state":{}}""", T2);
        assertJson(
                result.accepted(),
                """
                {"state":{},"metadata":{},"version":2,"timestamp":1700000060}""");
        assertThat(result.document().reported()).isEqualTo(doc.reported());
    }

    @Test
    void deltaIsPublishedWhenDesiredDiffersFromReported() {
        ShadowDocument doc = create("""
                {"state":{"reported":{"color":"green","engine":"ON"}}}""")
                .document();
        ShadowUpdateResult result = apply(
                doc, """
                {"state":{"desired":{"color":"red","engine":"ON"}},"clientToken":"x"}""", T2);
        assertThat(result.delta()).isPresent();
        assertJson(
                result.delta().orElseThrow(),
                """
                {"state":{"color":"red"},"metadata":{"color":{"timestamp":1700000060}},
                 "version":2,"timestamp":1700000060,"clientToken":"x"}""");
    }

    @Test
    void deltaIsTheCompleteCurrentDeltaNotJustThisUpdate() {
        ShadowDocument doc = create("""
                {"state":{"desired":{"a":1,"b":2}}}""")
                .document();
        ShadowUpdateResult result = apply(doc, """
                {"state":{"reported":{"a":1}}}""", T2);
        assertJson(
                result.delta().orElseThrow(),
                """
                {"state":{"b":2},"metadata":{"b":{"timestamp":1700000000}},"version":2,"timestamp":1700000060}""");
    }

    @Test
    void noDeltaWhenReportedCatchesUp() {
        ShadowDocument doc = create("""
                {"state":{"desired":{"a":{"b":1},"n":2}}}""")
                .document();
        ShadowUpdateResult result =
                apply(doc, """
                {"state":{"reported":{"a":{"b":1},"n":2.0,"extra":true}}}""", T2);
        assertThat(result.delta()).isEmpty();
    }

    @Test
    void documentsForANewShadowHaveNullPrevious() {
        ShadowUpdateResult result = create("""
                {"state":{"reported":{"a":1}},"clientToken":"c"}""");
        assertJson(
                result.documents(),
                """
                {"previous":null,
                 "current":{"state":{"reported":{"a":1}},"metadata":{"reported":{"a":{"timestamp":1700000000}}},
                            "version":1},
                 "timestamp":1700000000,"clientToken":"c"}""");
    }

    @Test
    void documentsCarryPreviousAndCurrent() {
        ShadowDocument doc =
                create("""
                {"state":{"reported":{"a":1}}}""").document();
        ShadowUpdateResult result = apply(doc, """
                {"state":{"desired":{"a":2}}}""", T2);
        assertJson(
                result.documents(),
                """
                {"previous":{"state":{"reported":{"a":1}},"metadata":{"reported":{"a":{"timestamp":1700000000}}},
                             "version":1},
                 "current":{"state":{"desired":{"a":2},"reported":{"a":1}},
                            "metadata":{"desired":{"a":{"timestamp":1700000060}},
                                        "reported":{"a":{"timestamp":1700000000}}},
                            "version":2},
                 "timestamp":1700000060}""");
    }

    @Test
    void previousDocumentIsNotChangedByLaterUpdates() {
        ShadowDocument doc = create("""
                {"state":{"desired":{"a":{"b":1,"c":[1]},"d":1}}}""")
                .document();
        byte[] before = doc.toJson();
        apply(doc, """
                {"state":{"desired":{"a":{"b":null,"c":[2],"e":3},"d":null}}}""", T2);
        assertThat(doc.toJson()).isEqualTo(before);
    }

    @Test
    void stateOfExactlyTheLimitIsAccepted() {
        // {"a":"..."} is 8 bytes of JSON around the value
        String value = "x".repeat(ShadowEngine.DEFAULT_MAX_STATE_BYTES - 8);
        assertThat(create("{\"state\":{\"desired\":{\"a\":\"" + value + "\"}}}")
                        .document()
                        .version())
                .isEqualTo(1);
    }

    @Test
    void stateOneByteOverTheLimitIsTooLarge() {
        String value = "x".repeat(ShadowEngine.DEFAULT_MAX_STATE_BYTES - 7);
        ShadowException e =
                rejected(engine, null, "{\"state\":{\"desired\":{\"a\":\"" + value + "\"}},\"clientToken\":\"big\"}");
        assertThat(e.httpStatus()).isEqualTo(413);
        assertThat(e.getMessage()).isEqualTo("The payload exceeds the maximum size allowed");
        assertThat(e.clientToken()).contains("big");
    }

    @Test
    void sizeCountsDesiredPlusReportedAfterTheMerge() {
        ShadowEngine small = new ShadowEngine(20);
        ShadowDocument doc = small.apply(
                        Optional.empty(),
                        ShadowUpdate.parse(utf8("""
                {"state":{"desired":{"a":"123"}}}""")),
                        T1)
                .document(); // {"a":"123"} = 11 bytes
        // {"b":"12"} = 10 bytes reported: 21 in total
        assertThat(rejected(small, doc, """
                {"state":{"reported":{"b":"12"}}}""")
                        .httpStatus())
                .isEqualTo(413);
        // {"b":"1"} = 9 bytes reported: exactly 20
        assertThat(small.apply(
                                Optional.of(doc),
                                ShadowUpdate.parse(utf8("""
                {"state":{"reported":{"b":"1"}}}""")),
                                T2)
                        .document()
                        .version())
                .isEqualTo(2);
    }

    @Test
    void sizeIsMeasuredInUtf8BytesOfCompactJson() {
        ShadowEngine small = new ShadowEngine(10);
        // {"a":"é"} is 10 bytes: é takes two; the request's whitespace does not count
        assertThat(small.apply(
                                Optional.empty(),
                                ShadowUpdate.parse(utf8("""
                {"state":{"reported":{ "a" : "é" }}}""")),
                                T1)
                        .document()
                        .version())
                .isEqualTo(1);
        assertThat(rejected(small, null, """
                {"state":{"reported":{"a":"éé"}}}""")
                        .httpStatus())
                .isEqualTo(413);
    }

    @Test
    void deletingFieldsShrinksAnOversizedUpdate() {
        ShadowEngine small = new ShadowEngine(12);
        ShadowDocument doc = small.apply(
                        Optional.empty(),
                        ShadowUpdate.parse(utf8("""
                {"state":{"desired":{"a":"1234"}}}""")),
                        T1)
                .document(); // 12 bytes
        assertThat(small.apply(
                                Optional.of(doc),
                                ShadowUpdate.parse(
                                        utf8("""
                {"state":{"desired":{"a":null,"b":"1234"}}}""")),
                                T2)
                        .document()
                        .version())
                .isEqualTo(2);
    }
}
