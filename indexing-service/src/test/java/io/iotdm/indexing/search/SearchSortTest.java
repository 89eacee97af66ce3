package io.iotdm.indexing.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotdm.indexing.search.SearchSort.Key;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SearchSortTest {

    @Test
    void keysWithAndWithoutDirections() {
        SearchSort sort = SearchSort.parse("attributes.weight:desc, thingTypeName ,registry.version:ASC");
        assertThat(sort.keys())
                .containsExactly(
                        new Key("attributes.weight", true),
                        new Key("thingTypeName", false),
                        new Key("registry.version", false));
        assertThat(sort.canonical()).isEqualTo("attributes.weight:desc,thingTypeName:asc,registry.version:asc");
        assertThat(sort.isAwsOrder()).isFalse();
        assertThat(SearchSort.AWS_ORDER.isAwsOrder()).isTrue();
    }

    @Test
    void onlyALastAscOrDescIsADirection() {
        assertThat(SearchSort.parse("attributes.a:b").keys()).containsExactly(new Key("attributes.a:b", false));
        assertThat(SearchSort.parse("attributes.x:asc:desc").keys()).containsExactly(new Key("attributes.x:asc", true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "thingName,", ",thingName", ":desc", "thingName,,registry.version"})
    void aKeyWithoutAFieldIsRefused(String header) {
        assertThatThrownBy(() -> SearchSort.parse(header))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected <field>[:asc|:desc]");
    }

    @Test
    void aFieldNamedTwiceIsRefused() {
        assertThatThrownBy(() -> SearchSort.parse("thingName:asc,thingName:desc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("thingName is named twice");
    }
}
