package io.iotdm.indexing.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.iotdm.indexing.index.ThingIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.SortOptions;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch._types.mapping.FieldType;

/**
 * How OpenSearch runs a {@link SearchSort}: the sort clauses, and the {@code search_after} cursor of a hit as the text a
 * page token carries.
 *
 * <ul>
 *   <li>A keyword field that can hold numbers (attribute and shadow values) sorts on its numeric twin first, so numbers
 *       sort as numbers, then on the keyword, so values that are not numbers follow in text order.
 *   <li>Long and boolean fields sort on themselves ({@code false} before {@code true}).
 *   <li>Things without a value come last in either direction; a multi-valued field sorts on its lowest value
 *       ascending, its highest descending (OpenSearch's defaults).
 *   <li>The name (thing or group) ascending ends every order (unless the client sorts on it): unique, it makes the order total,
 *       which {@code search_after} needs for pages that neither skip nor repeat a thing.
 * </ul>
 */
final class SearchOrder {

    private static final JsonMapper JSON = new JsonMapper();

    private final List<SortOptions> clauses;
    private final boolean awsOrder;

    private SearchOrder(List<SortOptions> clauses, boolean awsOrder) {
        this.clauses = List.copyOf(clauses);
        this.awsOrder = awsOrder;
    }

    /**
     * @param nameField the unique name field that ends the order
     * @param fields    the index field of a sort key's field; throws for a field that cannot be sorted on
     */
    static SearchOrder of(SearchSort sort, String nameField, Function<String, QueryTranslator.Field> fields) {
        List<SortOptions> clauses = new ArrayList<>();
        boolean byName = false;
        for (SearchSort.Key key : sort.keys()) {
            QueryTranslator.Field field = fields.apply(key.field());
            SortOrder order = key.descending() ? SortOrder.Desc : SortOrder.Asc;
            switch (field.kind()) {
                case KEYWORD -> {
                    if (ThingIndex.mayBeNumber(field.name())) {
                        clauses.add(clause(ThingIndex.numeric(field.name()), order, FieldType.Double));
                    }
                    clauses.add(clause(field.name(), order, FieldType.Keyword));
                }
                case LONG -> clauses.add(clause(field.name(), order, FieldType.Long));
                case BOOLEAN -> clauses.add(clause(field.name(), order, FieldType.Boolean));
            }
            byName |= field.name().equals(nameField);
        }
        if (!byName) {
            clauses.add(clause(nameField, SortOrder.Asc, FieldType.Keyword));
        }
        return new SearchOrder(clauses, sort.isAwsOrder());
    }

    /** A field no thing has yet sorts as if every value were missing, instead of failing the search. */
    private static SortOptions clause(String field, SortOrder order, FieldType unmappedType) {
        return SortOptions.of(s -> s.field(f -> f.field(field).order(order).unmappedType(unmappedType)));
    }

    List<SortOptions> clauses() {
        return clauses;
    }

    /**
     * Whether OpenSearch may prune (skip matches it deems uncompetitive) rather than collect every match. Only AWS's
     * order may: it sorts on a value every thing has. With a value some things lack, pruning skipped things without
     * it when a page ended among them (OpenSearch 3.8: after the first thing without a number, the rest were lost).
     * Counting hits exactly turns Lucene's pruning off.
     */
    boolean mayPrune() {
        return awsOrder;
    }

    /**
     * The cursor after a hit, from its sort values. AWS's order keeps the bare thing name, the cursor it always had,
     * so that its page tokens stay valid across instances of different versions. Other orders keep the values as a
     * JSON array, each with its JSON type: {@code search_after} needs them as OpenSearch gave them (a missing number
     * sorts as the string {@code "Infinity"}, a missing keyword as {@code null}).
     */
    String cursor(List<FieldValue> sortValues) {
        if (awsOrder) {
            return sortValues.getFirst().stringValue();
        }
        ArrayNode values = JSON.createArrayNode();
        for (FieldValue value : sortValues) {
            switch (value._kind()) {
                case Double -> values.add(value.doubleValue());
                case Long -> values.add(value.longValue());
                case Boolean -> values.add(value.booleanValue());
                case String -> values.add(value.stringValue());
                case Null -> values.addNull();
            }
        }
        return values.toString();
    }

    /** The {@code search_after} values of a cursor this order issued (the token's signature vouches for it). */
    List<FieldValue> searchAfter(String cursor) {
        if (awsOrder) {
            return List.of(FieldValue.of(cursor));
        }
        List<FieldValue> values = new ArrayList<>();
        for (JsonNode value : read(cursor)) {
            if (value.isTextual()) {
                values.add(FieldValue.of(value.textValue()));
            } else if (value.isIntegralNumber()) {
                values.add(FieldValue.of(value.longValue()));
            } else if (value.isNumber()) {
                values.add(FieldValue.of(value.doubleValue()));
            } else if (value.isBoolean()) {
                values.add(FieldValue.of(value.booleanValue()));
            } else {
                values.add(FieldValue.NULL);
            }
        }
        return values;
    }

    private static JsonNode read(String cursor) {
        try {
            return JSON.readTree(cursor);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A signed cursor that is not the JSON this class writes: " + cursor, e);
        }
    }
}
