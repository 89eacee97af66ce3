package io.iotdm.fleetquery;

import static io.iotdm.fleetquery.Q.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The tree's own contract: fields(), the wildcard helpers, number detection, invariants. */
class QueryTest {

    @Test
    void listsTheFieldsAQueryNamesInOrderOnce() {
        Query query = FleetQuery.parse("thingName:a AND attributes.x > 5 OR abc NOT shadow.reported.y:*"
                + " thingName:b parentGroupNames:(p1 OR p2) loc:geo_distance,1,2,3km attributes.r:[1 TO 2]");

        assertThat(query.fields())
                .containsExactly(
                        "thingName", "attributes.x", "shadow.reported.y", "parentGroupNames", "loc", "attributes.r");
    }

    @Test
    void unfieldedTermsNameNoField() {
        assertThat(FleetQuery.parse("abc \"a phrase\" ab* *").fields()).isEmpty();
    }

    @Test
    void fieldsAreReadOnly() {
        assertThatThrownBy(() -> FleetQuery.parse("a:b").fields().add("c"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @CsvSource({
        // pattern, leading, isPrefix, prefix
        "my*,       false, true,  my",
        "*my,       true,  false, ''",
        "?b,        true,  false, ''",
        "ab?,       false, false, ab",
        "i*t,       false, false, i",
        "my**,      false, false, my",
        "a\\*b*,    false, true,  a*b",
        "a\\?b?,    false, false, a?b",
    })
    void describesWildcardPatterns(String pattern, boolean leading, boolean isPrefix, String prefix) {
        Query.Wildcard wildcard = new Query.Wildcard("f", pattern);
        assertThat(wildcard.leading()).isEqualTo(leading);
        assertThat(wildcard.isPrefix()).isEqualTo(isPrefix);
        assertThat(wildcard.prefix()).isEqualTo(prefix);
    }

    @Test
    void escapesLiteralsIntoPatterns() {
        assertThat(Query.Wildcard.escape("a*b?c\\d")).isEqualTo("a\\*b\\?c\\\\d");
        assertThat(new Query.Wildcard("f", Query.Wildcard.escape("a*b") + "*").prefix())
                .isEqualTo("a*b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "75", "-5", "1.5", "-0.25", ".5", "1e3", "1E+3", "2.5e-4", "1557651600000"})
    void readsNumbers(String text) {
        assertThat(Query.isNumber(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", ".", "1.", "1e", "1e+", "--1", "+1", "1.2.3", "0x10", "abc", "1a", "NaN", "1,5"})
    void readsNonNumbers(String text) {
        assertThat(Query.isNumber(text)).isFalse();
    }

    @Test
    void conjunctionsAndDisjunctionsHaveAtLeastTwoFlatClauses() {
        assertThatThrownBy(() -> new Query.And(List.of(term("a")))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Query.Or(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Query.And(List.of(term("a"), and(term("b"), term("c")))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Query.Or(List.of(term("a"), or(term("b"), term("c")))))
                .isInstanceOf(IllegalArgumentException.class);
        // an Or may hold an And and the other way round
        assertThat(new Query.Or(List.of(term("a"), and(term("b"), term("c"))))).isNotNull();
    }

    @Test
    void andAndOrFlattenAndUnwrap() {
        assertThat(Query.and(List.of(term("a")))).isEqualTo(term("a"));
        assertThat(Query.and(List.of(and(term("a"), term("b")), term("c"))))
                .isEqualTo(and(term("a"), term("b"), term("c")));
        assertThat(Query.or(List.of(term("a"), or(term("b"), term("c")), and(term("d"), term("e")))))
                .isEqualTo(or(term("a"), term("b"), term("c"), and(term("d"), term("e"))));
    }

    @Test
    void aRangeHasABoundAndOpenBoundsAreNeverInclusive() {
        assertThatThrownBy(() -> new Query.Range("f", null, true, null, true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new Query.Range("f", null, true, "5", true)).isEqualTo(range("f", null, false, "5", true));
    }

    @Test
    void fieldsAreRequiredWhereTheSyntaxRequiresThem() {
        assertThatThrownBy(() -> new Query.Exists(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Query.Range(null, "1", true, "2", true)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Query.Term("f", null)).isInstanceOf(NullPointerException.class);
    }
}
