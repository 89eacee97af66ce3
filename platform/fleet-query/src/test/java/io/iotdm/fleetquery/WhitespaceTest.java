package io.iotdm.fleetquery;

import static io.iotdm.fleetquery.Q.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** "Words are separated by white-space characters as defined by Java's Character.isWhitespace(int)" (query-syntax). */
class WhitespaceTest {

    @Test
    void separatesWordsAtExactlyTheCharactersJavaCallsWhitespace() {
        Query twoWords = and(term("a"), term("b"));
        List<String> mismatches = new ArrayList<>();
        for (int c = 0; c <= 0xFFFF; c++) {
            if (Character.isSurrogate((char) c)) {
                continue;
            }
            String query = "a" + Character.toString(c) + "b";
            Query parsed;
            try {
                parsed = FleetQuery.parse(query);
            } catch (InvalidQueryException e) {
                parsed = null;
            }
            if (Character.isWhitespace(c) != twoWords.equals(parsed)) {
                mismatches.add(String.format("U+%04X", c));
            }
        }
        assertThat(mismatches).isEmpty();
    }
}
