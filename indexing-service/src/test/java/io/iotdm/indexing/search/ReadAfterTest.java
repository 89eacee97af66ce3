package io.iotdm.indexing.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadAfterTest {

    @Test
    void thingsAndRevisions() {
        assertThat(ReadAfter.parse("lamp-1@42").revisions()).isEqualTo(Map.of("lamp-1", 42L));
        assertThat(ReadAfter.parse("a:b_c@7, lamp-1@42").revisions()).isEqualTo(Map.of("a:b_c", 7L, "lamp-1", 42L));
    }

    @Test
    void aThingNamedTwiceWaitsForItsHighestRevision() {
        assertThat(ReadAfter.parse("lamp@9,lamp@12,lamp@10").revisions()).isEqualTo(Map.of("lamp", 12L));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "lamp",
                "lamp@",
                "@42",
                "lamp@-1",
                "lamp@4x",
                "lamp@1,",
                "la mp@1",
                "lamp@1@2",
                "lamp@1234567890123456789"
            })
    void malformedValuesAreRefused(String header) {
        assertThatThrownBy(() -> ReadAfter.parse(header))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected <thingName>@<revision>");
    }

    @Test
    void atMostAHundredThings() {
        String things = IntStream.rangeClosed(1, ReadAfter.MAX_THINGS + 1)
                .mapToObj(i -> "t" + i + "@1")
                .collect(Collectors.joining(","));
        assertThatThrownBy(() -> ReadAfter.parse(things))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 100 things");
    }
}
