package io.iotdm.indexing.thing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IndexedValuesTest {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private static Map<String, Object> flatten(String json) throws Exception {
        JsonNode node = JSON.readTree(json);
        Map<String, Object> fields = new LinkedHashMap<>();
        IndexedValues.flatten(node, "shadow.reported.", fields);
        return fields;
    }

    @Test
    void nestedKeysAreFlattenedWithDots() throws Exception {
        assertThat(flatten("{\"a\":{\"b\":{\"c\":\"x\"}},\"d.e\":true}"))
                .containsExactly(Map.entry("shadow.reported.a.b.c", "x"), Map.entry("shadow.reported.d.e", true));
    }

    @Test
    void numbersAreValuesAndNumbers() throws Exception {
        Map<String, Object> fields = flatten("{\"t\":21.50,\"n\":7}");
        assertThat((BigDecimal) fields.get("shadow.reported.t")).isEqualByComparingTo("21.5");
        assertThat(fields.get("numeric.shadow.reported.t")).isEqualTo(21.5);
        assertThat(fields.get("shadow.reported.n")).isEqualTo(BigInteger.valueOf(7));
        assertThat(fields.get("numeric.shadow.reported.n")).isEqualTo(7.0);
    }

    @Test
    void integersBeyondTwoToThe53AreNotNumbers() throws Exception {
        Map<String, Object> fields = flatten("{\"big\":9007199254740993,\"edge\":9007199254740992,\"huge\":1e400}");
        assertThat(fields).containsKeys("shadow.reported.big", "shadow.reported.huge");
        assertThat(fields).doesNotContainKeys("numeric.shadow.reported.big", "numeric.shadow.reported.huge");
        assertThat(fields.get("numeric.shadow.reported.edge")).isEqualTo(9007199254740992.0);
    }

    @Test
    void nullsAreSkipped() throws Exception {
        assertThat(flatten("{\"a\":null,\"b\":[null,1,null]}"))
                .containsOnlyKeys("shadow.reported.b", "numeric.shadow.reported.b")
                .containsEntry("shadow.reported.b", List.of(BigInteger.ONE));
    }

    @Test
    void arraysOfObjectsOrArraysAreSkipped() throws Exception {
        assertThat(flatten("{\"objects\":[{\"a\":1}],\"mixed\":[1,{\"a\":1}],\"nested\":[[1]],\"ok\":[\"x\",2,false]}"))
                .containsOnlyKeys("shadow.reported.ok", "numeric.shadow.reported.ok")
                .containsEntry("shadow.reported.ok", List.of("x", BigInteger.TWO, false))
                .containsEntry("numeric.shadow.reported.ok", List.of(2.0));
    }

    @Test
    void keysWithEmptySegmentsAreSkipped() throws Exception {
        assertThat(flatten("{\"\":1,\"a..b\":1,\".a\":1,\"a.\":1,\" \":1,\"ok\":{\"\":{\"x\":1}}}"))
                .isEmpty();
    }

    @Test
    void attributesAreNumbersWhenTheyReadAsJsonNumbers() {
        Map<String, Object> fields = new LinkedHashMap<>();
        IndexedValues.addAttribute("n", "42", fields);
        IndexedValues.addAttribute("f", "-1.5e2", fields);
        IndexedValues.addAttribute("s", "abc", fields);
        IndexedValues.addAttribute("hex", "0x10", fields);
        IndexedValues.addAttribute("padded", " 5", fields);
        IndexedValues.addAttribute("java", "5d", fields);
        IndexedValues.addAttribute("nan", "NaN", fields);
        IndexedValues.addAttribute("serial.no", "007", fields);
        assertThat(fields)
                .containsEntry("attributes.n", "42")
                .containsEntry("numeric.attributes.n", 42.0)
                .containsEntry("numeric.attributes.f", -150.0)
                .containsEntry("attributes.serial.no", "007")
                .doesNotContainKeys(
                        "numeric.attributes.s",
                        "numeric.attributes.hex",
                        "numeric.attributes.padded",
                        "numeric.attributes.java",
                        "numeric.attributes.nan",
                        "numeric.attributes.serial.no");
    }
}
