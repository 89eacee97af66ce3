package io.iotdm.fleetquery;

import static io.iotdm.fleetquery.Q.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every construct of the query syntax, and the tree it parses to. */
class FleetQueryParseTest {

    /** AWS's own examples: example-queries.html, example-thinggroup-queries.html, query-syntax.html. */
    static Stream<Arguments> awsExamples() {
        return Stream.of(
                arguments("abc", term("abc")),
                arguments("thingName:myThingName", term("thingName", "myThingName")),
                arguments("thingName:my*", wildcard("thingName", "my*")),
                arguments("thingName:*my", wildcard("thingName", "*my")),
                arguments("thingName:*my*", wildcard("thingName", "*my*")),
                arguments("thingName:ab?", wildcard("thingName", "ab?")),
                arguments("thingTypeName:aa", term("thingTypeName", "aa")),
                arguments("thingGroupNames:a", term("thingGroupNames", "a")),
                arguments("thingGroupNames:a*", wildcard("thingGroupNames", "a*")),
                arguments("attributes.myAttribute:75", term("attributes.myAttribute", "75")),
                arguments("attributes.myAttribute:[75 TO 80]", range("attributes.myAttribute", "75", true, "80", true)),
                arguments(
                        "attributes.myAttribute:{75 TO 80]", range("attributes.myAttribute", "75", false, "80", true)),
                arguments(
                        "attributes.myAttribute:[\"abcd\" TO \"abcf\"]",
                        range("attributes.myAttribute", "abcd", true, "abcf", true)),
                arguments("attributes.myAttribute:i*t", wildcard("attributes.myAttribute", "i*t")),
                arguments(
                        "attributes.attr1:abc AND attributes.attr2<5 NOT attributes.attr3>10",
                        and(
                                term("attributes.attr1", "abc"),
                                range("attributes.attr2", null, false, "5", false),
                                not(range("attributes.attr3", "10", false, null, false)))),
                arguments("shadow.hasDelta:true", term("shadow.hasDelta", "true")),
                arguments("shadow.reported.myvalues:2", term("shadow.reported.myvalues", "2")),
                arguments(
                        "shadow.reported.location:* NOT shadow.desired.stats.battery:*",
                        and(exists("shadow.reported.location"), not(exists("shadow.desired.stats.battery")))),
                arguments("shadow.name.cfg.hasDelta:true", term("shadow.name.cfg.hasDelta", "true")),
                arguments("shadow.name.cfg.desired.filament:*", exists("shadow.name.cfg.desired.filament")),
                arguments("connectivity.connected:true", term("connectivity.connected", "true")),
                arguments(
                        "connectivity.connected:true AND connectivity.timestamp > 1557651600000",
                        and(
                                term("connectivity.connected", "true"),
                                range("connectivity.timestamp", "1557651600000", false, null, false))),
                arguments(
                        "connectivity.connected:false AND connectivity.timestamp : [1557651600000 TO 1557867600000]",
                        and(
                                term("connectivity.connected", "false"),
                                range("connectivity.timestamp", "1557651600000", true, "1557867600000", true))),
                arguments(
                        "connectivity.disconnectReason:CLIENT_INITIATED_DISCONNECT",
                        term("connectivity.disconnectReason", "CLIENT_INITIATED_DISCONNECT")),
                arguments("connectivity.disconnectReason:*", exists("connectivity.disconnectReason")),
                arguments(
                        "deviceDefender.violationCount:[0 TO 100]",
                        range("deviceDefender.violationCount", "0", true, "100", true)),
                arguments(
                        "deviceDefender.sp1.cell-data.inViolation:true",
                        term("deviceDefender.sp1.cell-data.inViolation", "true")),
                arguments(
                        "thingName:(tv* AND -plasma)",
                        and(wildcard("thingName", "tv*"), not(term("thingName", "plasma")))),
                arguments("thingGroupName:myGroupThingName", term("thingGroupName", "myGroupThingName")),
                arguments(
                        "parentGroupNames:(myParentThingGroupName)",
                        term("parentGroupNames", "myParentThingGroupName")),
                arguments(
                        "parentGroupNames:(myParentThingGroupName OR myRootThingGroupName)",
                        or(
                                term("parentGroupNames", "myParentThingGroupName"),
                                term("parentGroupNames", "myRootThingGroupName"))),
                arguments(
                        "parentGroupNames:(myParentThingGroupName AND myRootThingGroupName)",
                        and(
                                term("parentGroupNames", "myParentThingGroupName"),
                                term("parentGroupNames", "myRootThingGroupName"))),
                arguments(
                        "parentGroupNames:(p1 OR root*)",
                        or(term("parentGroupNames", "p1"), wildcard("parentGroupNames", "root*"))),
                arguments("thingName:abc thingType:xyz", and(term("thingName", "abc"), term("thingType", "xyz"))),
                arguments("*", all()));
    }

    /** Boolean structure: precedence OR < AND (explicit or implied) < NOT/-, grouping, flattening. */
    static Stream<Arguments> booleans() {
        return Stream.of(
                arguments("a b c", and(term("a"), term("b"), term("c"))),
                arguments("a AND b AND c", and(term("a"), term("b"), term("c"))),
                arguments("a OR b OR c", or(term("a"), term("b"), term("c"))),
                arguments("a OR b c", or(term("a"), and(term("b"), term("c")))),
                arguments("a b OR c", or(and(term("a"), term("b")), term("c"))),
                arguments("a AND b OR c AND d", or(and(term("a"), term("b")), and(term("c"), term("d")))),
                arguments("(a OR b) c", and(or(term("a"), term("b")), term("c"))),
                arguments("(a OR b) AND (c OR d)", and(or(term("a"), term("b")), or(term("c"), term("d")))),
                arguments("(a AND b) AND c", and(term("a"), term("b"), term("c"))),
                arguments("a OR (b OR c)", or(term("a"), term("b"), term("c"))),
                arguments("((a))", term("a")),
                arguments("(a)AND(b)", and(term("a"), term("b"))),
                arguments("NOT a", not(term("a"))),
                arguments("NOT a OR b", or(not(term("a")), term("b"))),
                arguments("NOT (a OR b)", not(or(term("a"), term("b")))),
                arguments("NOT NOT a", not(not(term("a")))),
                arguments("a NOT b", and(term("a"), not(term("b")))),
                arguments("a AND NOT b", and(term("a"), not(term("b")))),
                arguments("a OR NOT b", or(term("a"), not(term("b")))),
                arguments("-a", not(term("a"))),
                arguments("- a", not(term("a"))),
                arguments("a -b", and(term("a"), not(term("b")))),
                arguments("a - b", and(term("a"), not(term("b")))),
                arguments("-thingName:abc", not(term("thingName", "abc"))),
                arguments("-(a b)", not(and(term("a"), term("b")))),
                arguments("NOT *", not(all())),
                arguments("NOT attributes.x:*", not(exists("attributes.x"))),
                arguments("* AND thingName:a", and(all(), term("thingName", "a"))),
                // operators are upper case only; anything else is a word
                arguments("and or not", and(term("and"), term("or"), term("not"))),
                arguments("a And b", and(term("a"), term("And"), term("b"))),
                arguments("ANDROID ORACLE NOTE", and(term("ANDROID"), term("ORACLE"), term("NOTE"))),
                arguments("TO", term("TO")));
    }

    /** Fields, field grouping, words, phrases, wildcards, escapes. */
    static Stream<Arguments> values() {
        return Stream.of(
                // a field covers the next clause only
                arguments("thingName:abc def", and(term("thingName", "abc"), term("def"))),
                arguments("thingName : abc", term("thingName", "abc")),
                arguments("thingName:\tabc", term("thingName", "abc")),
                // field grouping: the group's field is the default inside, an explicit field overrides it
                arguments(
                        "attributes.x:(a OR attributes.y:b)", or(term("attributes.x", "a"), term("attributes.y", "b"))),
                arguments(
                        "attributes.x:(a (b OR c))",
                        and(term("attributes.x", "a"), or(term("attributes.x", "b"), term("attributes.x", "c")))),
                arguments("attributes.x:(*)", exists("attributes.x")),
                arguments("attributes.x:(NOT a)", not(term("attributes.x", "a"))),
                arguments(
                        "attributes.x:(\"a b\" c*)",
                        and(phrase("attributes.x", "a b"), wildcard("attributes.x", "c*"))),
                arguments(
                        "attributes.x:([1 TO 5] OR {10 TO 20})",
                        or(
                                range("attributes.x", "1", true, "5", true),
                                range("attributes.x", "10", false, "20", false))),
                // field names: case-sensitive, kept as written
                arguments("ThingName:a", term("ThingName", "a")),
                arguments(
                        "shadow.name.$package.reported.agent.version:1.0",
                        term("shadow.name.$package.reported.agent.version", "1.0")),
                arguments("attributes.my\\:attr:x", term("attributes.my:attr", "x")),
                arguments("attributes.my_attr-2:x", term("attributes.my_attr-2", "x")),
                // values: case and text preserved
                arguments("thingName:MixedCase", term("thingName", "MixedCase")),
                arguments("thingName:a-b", term("thingName", "a-b")),
                arguments("a+b", term("a+b")),
                arguments("a=b", term("a=b")),
                arguments("a&b|c", term("a&b|c")),
                arguments("thingName:ünïcödé", term("thingName", "ünïcödé")),
                arguments("thingName:\uD83D\uDE00x", term("thingName", "\uD83D\uDE00x")),
                arguments("attributes.v:1.5", term("attributes.v", "1.5")),
                arguments("attributes.v:-5", term("attributes.v", "-5")),
                arguments("attributes.v:-1.5e3", term("attributes.v", "-1.5e3")),
                arguments("attributes.v:(-5)", not(term("attributes.v", "5"))),
                arguments("geo_distance", term("geo_distance")),
                // escapes
                arguments("thingName:\\AND", term("thingName", "AND")),
                arguments("thingName:\\-abc", term("thingName", "-abc")),
                arguments("attributes.x:\\(1\\)", term("attributes.x", "(1)")),
                arguments("attributes.x:a\\:b", term("attributes.x", "a:b")),
                arguments("attributes.x:a\\ b", term("attributes.x", "a b")),
                arguments("attributes.x:\\[1\\]", term("attributes.x", "[1]")),
                arguments("attributes.x:a\\~\\^\\!", term("attributes.x", "a~^!")),
                arguments("thingName:my\\*thing", term("thingName", "my*thing")),
                arguments("thingName:\\*", term("thingName", "*")),
                arguments("thingName:my\\*thing*", wildcard("thingName", "my\\*thing*")),
                arguments("thingName:what\\??", wildcard("thingName", "what\\??")),
                // wildcards
                arguments("abc*", wildcard("abc*")),
                arguments("*abc", wildcard("*abc")),
                arguments("?bc", wildcard("?bc")),
                arguments("thingName:a*b?c*", wildcard("thingName", "a*b?c*")),
                arguments(
                        "thingName:ab? AND thingName:*c",
                        and(wildcard("thingName", "ab?"), wildcard("thingName", "*c"))),
                // phrases
                arguments("\"hello world\"", phrase("hello world")),
                arguments("attributes.model:\"a b\"", phrase("attributes.model", "a b")),
                arguments("attributes.model:\"say \\\"hi\\\"\"", phrase("attributes.model", "say \"hi\"")),
                arguments("attributes.model:\"a*b?\"", phrase("attributes.model", "a*b?")),
                arguments("attributes.model:\"(a OR b)\"", phrase("attributes.model", "(a OR b)")),
                arguments("attributes.model:\"a:b\"", phrase("attributes.model", "a:b")),
                arguments("\"a\"\"b\"", and(phrase("a"), phrase("b"))));
    }

    /** Ranges and comparisons. */
    static Stream<Arguments> ranges() {
        return Stream.of(
                arguments("attributes.x:[1 TO 5]", range("attributes.x", "1", true, "5", true)),
                arguments("attributes.x:{1 TO 5}", range("attributes.x", "1", false, "5", false)),
                arguments("attributes.x:[1 TO 5}", range("attributes.x", "1", true, "5", false)),
                arguments("attributes.x:{1 TO 5]", range("attributes.x", "1", false, "5", true)),
                arguments("attributes.x: [1 TO 5]", range("attributes.x", "1", true, "5", true)),
                arguments("attributes.x:[ 1  TO  5 ]", range("attributes.x", "1", true, "5", true)),
                arguments("attributes.x:[-10 TO -5]", range("attributes.x", "-10", true, "-5", true)),
                arguments("attributes.x:[1.5 TO 2e3}", range("attributes.x", "1.5", true, "2e3", false)),
                arguments("attributes.x:[abcd TO abcf]", range("attributes.x", "abcd", true, "abcf", true)),
                arguments("attributes.x:[\"a b\" TO \"c\\\"d\"]", range("attributes.x", "a b", true, "c\"d", true)),
                arguments("attributes.x:[TOP TO TOTAL]", range("attributes.x", "TOP", true, "TOTAL", true)),
                arguments("attributes.x:[* TO 5]", range("attributes.x", null, false, "5", true)),
                arguments("attributes.x:{5 TO *]", range("attributes.x", "5", false, null, false)),
                arguments("attributes.x:[* TO *]", exists("attributes.x")),
                arguments("attributes.x:[80 TO 75]", range("attributes.x", "80", true, "75", true)),
                arguments("attributes.version > 3", range("attributes.version", "3", false, null, false)),
                arguments("attributes.version>3", range("attributes.version", "3", false, null, false)),
                arguments("attributes.version >= 3", range("attributes.version", "3", true, null, false)),
                arguments("attributes.version<3", range("attributes.version", null, false, "3", false)),
                arguments("attributes.version<=3", range("attributes.version", null, false, "3", true)),
                arguments("attributes.temp > -5", range("attributes.temp", "-5", false, null, false)),
                arguments("attributes.temp<-5.5", range("attributes.temp", null, false, "-5.5", false)),
                arguments("attributes.name > \"a b\"", range("attributes.name", "a b", false, null, false)),
                arguments("attributes.name >= abc", range("attributes.name", "abc", true, null, false)),
                arguments("attributes.name >= a\\*", range("attributes.name", "a*", true, null, false)),
                arguments(
                        "NOT attributes.v > 3 OR attributes.v:(a)",
                        or(not(range("attributes.v", "3", false, null, false)), term("attributes.v", "a"))));
    }

    /** Geoqueries (location-indexing-geoquery). */
    static Stream<Arguments> geo() {
        return Stream.of(
                arguments(
                        "shadow.reported.location:geo_distance,47.6204,-122.3491,15.5km",
                        new Query.GeoDistance("shadow.reported.location", 47.6204, -122.3491, "15.5km")),
                arguments("loc:geo_distance,0,0,100", new Query.GeoDistance("loc", 0, 0, "100")),
                arguments("loc:geo_distance,-90,180,1mi", new Query.GeoDistance("loc", -90, 180, "1mi")),
                arguments(
                        "shadow.reported.location:geo_bounding_box,47.7,-122.4,47.5,-122.2",
                        new Query.GeoBoundingBox("shadow.reported.location", 47.7, -122.4, 47.5, -122.2)),
                arguments(
                        "connectivity.connected:true AND loc:geo_distance,1,2,3m",
                        and(term("connectivity.connected", "true"), new Query.GeoDistance("loc", 1, 2, "3m"))));
    }

    /** Whitespace is Character.isWhitespace (query-syntax), the limits are inclusive. */
    static Stream<Arguments> whitespaceAndLimits() {
        String twelve = String.join(" ", "a b c d e f g h i j k l".split(" "));
        String leadingAt100 = "thingName:*abc AND attributes.x:" + "y".repeat(100 - 32);
        String longAt12000 = "attributes.x:" + "y".repeat(12_000 - 13);
        return Stream.of(
                arguments(longAt12000, term("attributes.x", "y".repeat(12_000 - 13))),
                arguments("x:a*b\\*c?d*e?f*g?h*i?j*k?", wildcard("x", "a*b\\*c?d*e?f*g?h*i?j*k?")),
                arguments("x:" + "y".repeat(999) + "*", wildcard("x", "y".repeat(999) + "*")),
                arguments(" a ", term("a")),
                arguments("a\tb\nc\rd", and(term("a"), term("b"), term("c"), term("d"))),
                arguments("a\u000Bb\u000Cc\u001Cd", and(term("a"), term("b"), term("c"), term("d"))),
                arguments("a\u3000b\u2003c\u2028d", and(term("a"), term("b"), term("c"), term("d"))),
                // no-break spaces are not white space in Java
                arguments("a\u00A0b", term("a\u00A0b")),
                arguments("a\u202Fb", term("a\u202Fb")),
                arguments(
                        twelve,
                        new Query.And(IntStream.range(0, 12)
                                .mapToObj(i -> term(String.valueOf((char) ('a' + i))))
                                .toList())),
                arguments(
                        leadingAt100, and(wildcard("thingName", "*abc"), term("attributes.x", "y".repeat(100 - 32)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"awsExamples", "booleans", "values", "ranges", "geo", "whitespaceAndLimits"})
    void parses(String queryString, Query expected) {
        assertThat(FleetQuery.parse(queryString)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"awsExamples", "booleans", "values", "ranges", "geo", "whitespaceAndLimits"})
    void theTreeSaysEverythingTheQuerySays(String queryString, Query expected) {
        // rendered back to a query string, the tree parses to itself
        assertThat(FleetQuery.parse(Render.render(expected))).isEqualTo(expected);
    }
}
