package io.iotdm.fleetquery;

import static io.iotdm.fleetquery.InvalidQueryException.Reason.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.iotdm.fleetquery.InvalidQueryException.Reason;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a query can be wrong: the reason, and the offending token and its position. */
class FleetQueryErrorTest {

    static Stream<Arguments> errors() {
        String thirteen = "a b c d e f g h i j k l m";
        String thirteenInGroup = "thingName:(a OR b OR c OR d OR e OR f OR g OR h OR i OR j OR k OR l OR m)";
        String leadingAt101 = "thingName:*abc AND attributes.x:" + "y".repeat(101 - 32);
        String longAt12001 = "attributes.x:" + "y".repeat(12_001 - 13);
        return Stream.of(
                // empty
                arguments("", EMPTY_QUERY, null, -1),
                arguments("   ", EMPTY_QUERY, null, -1),
                arguments("\t\n\u3000", EMPTY_QUERY, null, -1),
                // parentheses
                arguments("(a", UNBALANCED_PARENTHESES, "(", 0),
                arguments("((a)", UNBALANCED_PARENTHESES, "(", 0),
                arguments("a (b", UNBALANCED_PARENTHESES, "(", 2),
                arguments("a)", UNBALANCED_PARENTHESES, ")", 1),
                arguments("(a))", UNBALANCED_PARENTHESES, ")", 3),
                arguments(") a (", UNBALANCED_PARENTHESES, ")", 0),
                arguments("()", EMPTY_GROUP, "(", 0),
                arguments("a:()", EMPTY_GROUP, "(", 2),
                arguments("a AND ()", EMPTY_GROUP, "(", 6),
                // dangling operators
                arguments("a AND", DANGLING_OPERATOR, "AND", 2),
                arguments("a OR", DANGLING_OPERATOR, "OR", 2),
                arguments("AND a", DANGLING_OPERATOR, "AND", 0),
                arguments("OR a", DANGLING_OPERATOR, "OR", 0),
                arguments("a AND OR b", DANGLING_OPERATOR, "AND", 2),
                arguments("a OR AND b", DANGLING_OPERATOR, "OR", 2),
                arguments("a AND AND b", DANGLING_OPERATOR, "AND", 2),
                arguments("(a AND)", DANGLING_OPERATOR, "AND", 3),
                arguments("(OR a)", DANGLING_OPERATOR, "OR", 1),
                arguments("NOT", DANGLING_OPERATOR, "NOT", 0),
                arguments("a NOT", DANGLING_OPERATOR, "NOT", 2),
                arguments("NOT AND a", DANGLING_OPERATOR, "NOT", 0),
                arguments("(NOT)", DANGLING_OPERATOR, "NOT", 1),
                arguments("-", DANGLING_OPERATOR, "-", 0),
                arguments("a -", DANGLING_OPERATOR, "-", 2),
                arguments("a AND -", DANGLING_OPERATOR, "-", 6),
                arguments("thingName:(a OR)", DANGLING_OPERATOR, "OR", 13),
                // colons and field values
                arguments(":abc", STRAY_COLON, ":", 0),
                arguments("a::b", STRAY_COLON, ":", 2),
                arguments("a:b:c", STRAY_COLON, ":", 3),
                arguments("a : : b", STRAY_COLON, ":", 4),
                arguments("a AND :b", STRAY_COLON, ":", 6),
                arguments("\"a\":b", STRAY_COLON, ":", 3),
                arguments("a:", MISSING_FIELD_VALUE, ":", 1),
                arguments("a: AND b", MISSING_FIELD_VALUE, ":", 1),
                arguments("(a:)", MISSING_FIELD_VALUE, ":", 2),
                arguments("a:>5", INVALID_FIELD_VALUE, ">", 2),
                arguments("a:-abc", INVALID_FIELD_VALUE, "-", 2),
                arguments("a:- 5", INVALID_FIELD_VALUE, "-", 2),
                arguments("a:-5*", INVALID_FIELD_VALUE, "-", 2),
                // field names
                arguments("*:abc", INVALID_FIELD_NAME, "*", 0),
                arguments("attr*:abc", INVALID_FIELD_NAME, "attr*", 0),
                arguments("attributes.?:abc", INVALID_FIELD_NAME, "attributes.?", 0),
                arguments(".a:b", INVALID_FIELD_NAME, ".a", 0),
                arguments("a.:b", INVALID_FIELD_NAME, "a.", 0),
                arguments("x a..b:c", INVALID_FIELD_NAME, "a..b", 2),
                arguments("a* > 5", INVALID_FIELD_NAME, "a*", 0),
                arguments("f*:(a b)", INVALID_FIELD_NAME, "f*", 0),
                // comparisons
                arguments("> 5", FIELD_REQUIRED, ">", 0),
                arguments("a AND <= 5", FIELD_REQUIRED, "<=", 6),
                arguments("\"x\" > 5", UNEXPECTED_TOKEN, ">", 4),
                arguments("a:b > 5", UNEXPECTED_TOKEN, ">", 4),
                arguments("x >", MISSING_COMPARISON_VALUE, ">", 2),
                arguments("x > AND y", MISSING_COMPARISON_VALUE, ">", 2),
                arguments("(x >=)", MISSING_COMPARISON_VALUE, ">=", 3),
                arguments("x > (5)", INVALID_COMPARISON_VALUE, "(", 4),
                arguments("x > [1 TO 2]", INVALID_COMPARISON_VALUE, "[", 4),
                arguments("x > > 5", INVALID_COMPARISON_VALUE, ">", 4),
                arguments("x > 5*", INVALID_COMPARISON_VALUE, "5*", 4),
                arguments("x > *", INVALID_COMPARISON_VALUE, "*", 4),
                arguments("x > - 5", INVALID_COMPARISON_VALUE, "-", 4),
                arguments("x > -abc", INVALID_COMPARISON_VALUE, "-", 4),
                arguments("x > \"\"", INVALID_COMPARISON_VALUE, "\"\"", 4),
                // ranges
                arguments("[1 TO 5]", FIELD_REQUIRED, "[", 0),
                arguments("thingName:a {1 TO 5}", FIELD_REQUIRED, "{", 12),
                arguments("x:[1 TO]", INVALID_RANGE, "]", 7),
                arguments("x:[TO 5]", INVALID_RANGE, "TO", 3),
                arguments("x:[1 5]", INVALID_RANGE, "5", 5),
                arguments("x:[1 to 5]", INVALID_RANGE, "to", 5),
                arguments("x:[1 TO 5 6]", INVALID_RANGE, "6", 10),
                arguments("x:[]", INVALID_RANGE, "]", 3),
                arguments("x:[1 TO TO]", INVALID_RANGE, "TO", 8),
                arguments("x:[a* TO b]", INVALID_RANGE, "a*", 3),
                arguments("x:[a TO b?]", INVALID_RANGE, "b?", 8),
                arguments("x:[\"\" TO b]", INVALID_RANGE, "\"\"", 3),
                arguments("x:[1 TO 5", UNTERMINATED_RANGE, "[", 2),
                arguments("x:{1 TO 5)", UNTERMINATED_RANGE, "{", 2),
                arguments("x:[", UNTERMINATED_RANGE, "[", 2),
                arguments("a]", UNEXPECTED_TOKEN, "]", 1),
                arguments("a }", UNEXPECTED_TOKEN, "}", 2),
                // phrases
                arguments("\"abc", UNTERMINATED_PHRASE, "\"abc", 0),
                arguments("thingName:\"abc def", UNTERMINATED_PHRASE, "\"abc def", 10),
                arguments("\"abc\\\"", UNTERMINATED_PHRASE, "\"abc\\\"", 0),
                arguments("x:[\"abc TO d]", UNTERMINATED_PHRASE, "\"abc TO d]", 3),
                arguments("\"\"", EMPTY_PHRASE, "\"\"", 0),
                arguments("a:\" \"", EMPTY_PHRASE, "\" \"", 2),
                // unsupported characters: ` @ # % \ / ' ; , (query-syntax)
                arguments("a@b", UNSUPPORTED_CHARACTER, "@", 1),
                arguments("a#b", UNSUPPORTED_CHARACTER, "#", 1),
                arguments("100%", UNSUPPORTED_CHARACTER, "%", 3),
                arguments("a/b", UNSUPPORTED_CHARACTER, "/", 1),
                arguments("/ab.*/", UNSUPPORTED_CHARACTER, "/", 0),
                arguments("O'Brien", UNSUPPORTED_CHARACTER, "'", 1),
                arguments("a;b", UNSUPPORTED_CHARACTER, ";", 1),
                arguments("a,b", UNSUPPORTED_CHARACTER, ",", 1),
                arguments("`a`", UNSUPPORTED_CHARACTER, "`", 0),
                arguments("thingName:a\\@b", UNSUPPORTED_CHARACTER, "@", 12),
                arguments("thingName:a\\,b", UNSUPPORTED_CHARACTER, ",", 12),
                arguments("a\\\\b", UNSUPPORTED_CHARACTER, "\\", 2),
                arguments("\"a@b\"", UNSUPPORTED_CHARACTER, "@", 2),
                arguments("\"a\\\\b\"", UNSUPPORTED_CHARACTER, "\\", 3),
                arguments("x:[a@b TO c]", UNSUPPORTED_CHARACTER, "@", 4),
                arguments("x:[a\\b TO c]", UNSUPPORTED_CHARACTER, "\\", 4),
                arguments("x:[\"a;b\" TO c]", UNSUPPORTED_CHARACTER, ";", 5),
                arguments("abc\\", INCOMPLETE_ESCAPE, "\\", 3),
                // Lucene operators and features AWS does not support
                arguments("a && b", UNSUPPORTED_OPERATOR, "&&", 2),
                arguments("a || b", UNSUPPORTED_OPERATOR, "||", 2),
                arguments("!a", UNSUPPORTED_OPERATOR, "!", 0),
                arguments("a !b", UNSUPPORTED_OPERATOR, "!", 2),
                arguments("+a", UNSUPPORTED_OPERATOR, "+", 0),
                arguments("a +thingName:b", UNSUPPORTED_OPERATOR, "+", 2),
                arguments("abc~", UNSUPPORTED_FUZZY, "~", 3),
                arguments("abc~2", UNSUPPORTED_FUZZY, "~", 3),
                arguments("\"a b\"~2", UNSUPPORTED_FUZZY, "~", 5),
                arguments("abc^2", UNSUPPORTED_BOOSTING, "^", 3),
                arguments("thingName:a^", UNSUPPORTED_BOOSTING, "^", 11),
                // geoqueries
                arguments("geo_distance,1,2,3km", FIELD_REQUIRED, "geo_distance,1,2,3km", 0),
                arguments("l:geo_distance,1,2", INVALID_GEO_QUERY, "geo_distance,1,2", 2),
                arguments("l:geo_distance,1,2,3km,4", INVALID_GEO_QUERY, "geo_distance,1,2,3km,4", 2),
                arguments("l:geo_distance,91,2,3km", INVALID_GEO_QUERY, "geo_distance,91,2,3km", 2),
                arguments("l:geo_distance,1,-181,3km", INVALID_GEO_QUERY, "geo_distance,1,-181,3km", 2),
                arguments("l:geo_distance,a,2,3km", INVALID_GEO_QUERY, "geo_distance,a,2,3km", 2),
                arguments("l:geo_distance,1,2,-3km", INVALID_GEO_QUERY, "geo_distance,1,2,-3km", 2),
                arguments("l:geo_distance,1,2,0km", INVALID_GEO_QUERY, "geo_distance,1,2,0km", 2),
                arguments("l:geo_distance,1,2,3parsecs", INVALID_GEO_QUERY, "geo_distance,1,2,3parsecs", 2),
                arguments("l:geo_distance,1,2,km", INVALID_GEO_QUERY, "geo_distance,1,2,km", 2),
                arguments("l:geo_distance,1,2,3km,", INVALID_GEO_QUERY, "geo_distance,1,2,3km,", 2),
                arguments("l:geo_distance, 1,2,3km", UNSUPPORTED_CHARACTER, ",", 17),
                arguments("l:geo_bounding_box,1,2,3", INVALID_GEO_QUERY, "geo_bounding_box,1,2,3", 2),
                arguments("l:geo_bounding_box,1,2,3,200", INVALID_GEO_QUERY, "geo_bounding_box,1,2,3,200", 2),
                arguments("l:geo_polygon,1,2,3,4", INVALID_GEO_QUERY, "geo_polygon,1,2,3,4", 2),
                // the term limit (12) and the leading wildcard rules (one term, 100 characters)
                arguments(thirteen, TOO_MANY_TERMS, "m", 24),
                arguments(thirteenInGroup, TOO_MANY_TERMS, "m", 71),
                arguments("x:[1 TO 2] " + "a ".repeat(11) + "y > 3", TOO_MANY_TERMS, "y", 33),
                arguments("thingName:*a AND thingGroupNames:*b", TOO_MANY_LEADING_WILDCARDS, "*b", 33),
                arguments("*a ?b", TOO_MANY_LEADING_WILDCARDS, "?b", 3),
                arguments(leadingAt101, LEADING_WILDCARD_QUERY_TOO_LONG, "*abc", 10),
                // nesting (ours: keeps hostile input off the stack)
                arguments("(".repeat(33) + "a" + ")".repeat(33), NESTING_TOO_DEEP, "(", 32),
                arguments("NOT ".repeat(33) + "a", NESTING_TOO_DEEP, "NOT", 128),
                arguments("-".repeat(33) + "a", NESTING_TOO_DEEP, "-", 32),
                arguments("(".repeat(12_000), NESTING_TOO_DEEP, "(", 32),
                // ours, so that OpenSearch's work on a query stays bounded: the length, the wildcards of one term
                arguments(longAt12001, QUERY_TOO_LONG, null, -1),
                arguments("(".repeat(100_000), QUERY_TOO_LONG, null, -1),
                arguments("a thingName:x*a?????????? b", TOO_MANY_WILDCARDS, "x*a??????????", 12),
                arguments("a*b*c*d*e*f*g*h*i*j*k*", TOO_MANY_WILDCARDS, "a*b*c*d*e*f*g*h*i*j*k*", 0),
                arguments("x:" + "y".repeat(1_000) + "*", WILDCARD_TERM_TOO_LONG, "y".repeat(1_000) + "*", 2),
                // anything else
                arguments("a ( ) b", EMPTY_GROUP, "(", 2),
                arguments("a:b c:", MISSING_FIELD_VALUE, ":", 5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void rejects(String queryString, Reason reason, String token, int position) {
        InvalidQueryException e =
                catchThrowableOfType(InvalidQueryException.class, () -> FleetQuery.parse(queryString));

        assertThat(e).as("no exception for %s", queryString).isNotNull();
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.token()).isEqualTo(token);
        assertThat(e.position()).isEqualTo(position);
        assertThat(e.queryString()).isEqualTo(queryString);
        assertThat(e.getMessage())
                .startsWith("Unable to parse query, " + reason.text())
                .endsWith(", query string: " + queryString);
        if (token != null) {
            assertThat(e.getMessage()).contains((reason == INVALID_FIELD_NAME ? "field name: " : "token: ") + token);
        }
    }

    @Test
    void namesTheOffendingTokenAndItsPosition() {
        assertThat(catchThrowableOfType(InvalidQueryException.class, () -> FleetQuery.parse("a AND")))
                .hasMessage("Unable to parse query, dangling operator, token: AND, position: 2, query string: a AND");
        assertThat(catchThrowableOfType(InvalidQueryException.class, () -> FleetQuery.parse("x:[1 TO 5 6]")))
                .hasMessage("Unable to parse query, invalid range, token: 6, position: 10, query string: x:[1 TO 5 6]");
        assertThat(catchThrowableOfType(InvalidQueryException.class, () -> FleetQuery.parse(" ")))
                .hasMessage("Unable to parse query, empty query, query string:  ");
        assertThat(catchThrowableOfType(
                        InvalidQueryException.class, () -> FleetQuery.parse("a b c d e f g h i j k l m")))
                .hasMessage("Unable to parse query, too many terms, the maximum is 12, token: m, position: 24,"
                        + " query string: a b c d e f g h i j k l m");
    }

    @Test
    void invalidFieldNamesReadExactlyAsAwsWritesThem() {
        // awsdocs/aws-iot-docs pull request #30
        assertThat(InvalidQueryException.invalidFieldName("thingGroupName", "thingGroupName:mythinggroup"))
                .hasMessage("Unable to parse query, invalid field name, field name: thingGroupName,"
                        + " query string: thingGroupName:mythinggroup")
                .returns(INVALID_FIELD_NAME, InvalidQueryException::reason)
                .returns("thingGroupName", InvalidQueryException::token)
                .returns(-1, InvalidQueryException::position);
        assertThat(catchThrowableOfType(InvalidQueryException.class, () -> FleetQuery.parse("x AND attr*:abc")))
                .hasMessage(
                        "Unable to parse query, invalid field name, field name: attr*, query string: x AND attr*:abc")
                .returns(6, InvalidQueryException::position);
    }

    @Test
    void positionsCountCodePoints() {
        // U+1F600 is two chars in Java, one character of the query
        InvalidQueryException e =
                catchThrowableOfType(InvalidQueryException.class, () -> FleetQuery.parse("\uD83D\uDE00 AND"));
        assertThat(e.token()).isEqualTo("AND");
        assertThat(e.position()).isEqualTo(2);
    }
}
