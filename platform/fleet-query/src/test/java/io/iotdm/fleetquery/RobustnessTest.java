package io.iotdm.fleetquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Random queries built from the language's own pieces: each either parses or is rejected with an
 * InvalidQueryException whose token really stands at its position. Nothing else may escape.
 */
class RobustnessTest {

    private static final String[] PIECES = {
        "a",
        "thingName",
        "attributes.x",
        ":",
        " ",
        " ",
        " ",
        "AND",
        "OR",
        "NOT",
        "-",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "TO",
        "*",
        "?",
        "\"",
        "\\",
        "<",
        ">=",
        "5",
        "-5",
        "1.5",
        "geo_distance,1,2,3km",
        ",",
        "@",
        "~",
        "^",
        "+",
        "&&",
        "!",
        "\u3000",
        "\u00A0",
        "é",
        "\uD83D\uDE00",
        "x*y",
        "'",
        "..",
        "$"
    };

    @Test
    void neverFailsOtherwiseThanWithAnInvalidQueryExceptionThatPointsAtItsToken() {
        Random random = new Random(20261126);
        int parsed = 0;
        for (int i = 0; i < 50_000; i++) {
            StringBuilder query = new StringBuilder();
            int pieces = 1 + random.nextInt(12);
            for (int p = 0; p < pieces; p++) {
                query.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String queryString = query.toString();
            try {
                Query result = FleetQuery.parse(queryString);
                assertThat(result).isNotNull();
                assertThat(FleetQuery.parse(Render.render(result)))
                        .as(queryString)
                        .isEqualTo(result);
                parsed++;
            } catch (InvalidQueryException e) {
                if (e.position() >= 0) {
                    int offset = queryString.offsetByCodePoints(0, e.position());
                    assertThat(queryString.substring(offset))
                            .as("%s: %s", queryString, e.getMessage())
                            .startsWith(e.token());
                } else {
                    assertThat(e.reason()).isEqualTo(InvalidQueryException.Reason.EMPTY_QUERY);
                }
            } catch (RuntimeException | StackOverflowError e) {
                fail("parse(" + queryString + ") threw " + e, e);
            }
        }
        assertThat(parsed).as("some random queries are valid").isGreaterThan(1000);
    }

    @Test
    void parsesConcurrently() {
        List<String> queries = List.of(
                "attributes.attr1:abc AND attributes.attr2<5 NOT attributes.attr3>10",
                "thingName:(tv* AND -plasma)",
                "parentGroupNames:(p1 OR root*) shadow.reported.location:*",
                "connectivity.connected:false AND connectivity.timestamp : [1557651600000 TO 1557867600000]");
        List<Query> expected = queries.stream().map(FleetQuery::parse).toList();

        IntStream.range(0, 20_000).parallel().forEach(i -> {
            int q = i % queries.size();
            assertThat(FleetQuery.parse(queries.get(q))).isEqualTo(expected.get(q));
        });
    }
}
