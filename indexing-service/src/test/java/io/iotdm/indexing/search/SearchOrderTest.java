package io.iotdm.indexing.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.SortOptions;

class SearchOrderTest {

    private static SearchOrder order(String header) {
        SearchSort sort = header == null ? SearchSort.AWS_ORDER : SearchSort.parse(header);
        return SearchOrder.of(
                sort, "thingName", name -> QueryTranslator.queryField(name).orElseThrow());
    }

    private static List<String> fields(SearchOrder order) {
        return order.clauses().stream()
                .map(SortOptions::field)
                .map(field -> field.field() + ":" + field.order().jsonValue())
                .toList();
    }

    @Test
    void awsOrderIsByThingName() {
        assertThat(fields(order(null))).containsExactly("thingName:asc");
        assertThat(order(null).mayPrune()).isTrue();
        assertThat(order("thingName").mayPrune()).isFalse();
    }

    @Test
    void valuesThatCanBeNumbersSortOnTheirNumericTwinFirstAndTheThingNameBreaksTies() {
        assertThat(fields(order("attributes.weight:desc,registry.version,registry.thingTypeName")))
                .containsExactly(
                        "numeric.attributes.weight:desc",
                        "attributes.weight:desc",
                        "registry.version:asc",
                        "thingTypeName:asc",
                        "thingName:asc");
        assertThat(fields(order("thingName:desc"))).containsExactly("thingName:desc");
    }

    @Test
    void awsOrderCursorIsTheBareThingName() {
        SearchOrder order = order(null);
        assertThat(order.cursor(List.of(FieldValue.of("lamp-7")))).isEqualTo("lamp-7");
        assertThat(order.searchAfter("lamp-7")).extracting(FieldValue::_get).containsExactly("lamp-7");
    }

    @Test
    void aCursorKeepsEachSortValueWithItsType() {
        SearchOrder order = order("attributes.weight,registry.version");
        List<FieldValue> values = List.of(
                FieldValue.of("Infinity"),
                FieldValue.NULL,
                FieldValue.of(2.0),
                FieldValue.of(Long.MAX_VALUE),
                FieldValue.of(true),
                FieldValue.of("lamp-7"));
        String cursor = order.cursor(values);
        assertThat(cursor).isEqualTo("[\"Infinity\",null,2.0,9223372036854775807,true,\"lamp-7\"]");
        assertThat(order.searchAfter(cursor))
                .extracting(FieldValue::_get)
                .containsExactly("Infinity", null, 2.0, Long.MAX_VALUE, true, "lamp-7");
    }
}
