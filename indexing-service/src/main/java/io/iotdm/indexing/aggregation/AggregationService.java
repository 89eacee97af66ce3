package io.iotdm.indexing.aggregation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.indexing.index.ThingIndex;
import io.iotdm.indexing.search.FleetQueries;
import io.iotdm.indexing.search.QueryTranslator;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.aggregations.Aggregate;
import org.opensearch.client.opensearch._types.aggregations.Aggregation;
import org.opensearch.client.opensearch._types.aggregations.ArrayPercentilesItem;
import org.opensearch.client.opensearch._types.aggregations.ExtendedStatsAggregate;
import org.opensearch.client.opensearch._types.aggregations.LongTermsBucket;
import org.opensearch.client.opensearch._types.aggregations.StringTermsBucket;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.SearchResponse;

/**
 * The fleet-index aggregations (GetStatistics, GetCardinality, GetPercentiles, GetBucketsAggregation) on the live
 * things that match a fleet query ({@link FleetQueries}: the same index check, parsing and translation as
 * SearchIndex).
 *
 * <h2>The type of the aggregation field</h2>
 *
 * AWS aggregates managed fields (their types are fixed) and custom fields, whose types the indexing configuration
 * declares. The indexing configuration decides which fields exist ({@link FleetQueries#fieldIndexed}: a shadow field
 * under {@code REGISTRY} is an invalid aggregation field), but its custom-field types are not used yet, so a keyword
 * field (attributes, shadow values, thing name, ...) is a Number when the mapping has its numeric twin {@code numeric.<field>} (some thing had a number in it),
 * else a String; {@code registry.version}, {@code shadow.version}, {@code connectivity.timestamp} and
 * {@code shadow.name.<s>.version} are Numbers, {@code shadow.hasDelta}, {@code connectivity.connected} and
 * {@code shadow.name.<s>.hasDelta} Booleans (booleans inside shadow values are keywords, so Strings). Number
 * statistics and percentiles are computed on {@code numeric.<field>}, so values that are not numbers are ignored as
 * AWS ignores type-mismatched values; cardinality and buckets count the keyword values as stored.
 */
@Singleton
public class AggregationService {

    /** GetStatistics' field when the request names none; the other optional-field operations use it too. */
    static final String DEFAULT_FIELD = ThingIndex.REGISTRY_VERSION;

    static final List<Double> DEFAULT_PERCENTS = List.of(1d, 5d, 25d, 50d, 75d, 95d, 99d);

    /** AWS's default for {@code termsAggregation.maxBuckets}. */
    static final int DEFAULT_MAX_BUCKETS = 10;

    private static final String AGGREGATION = "aggregation";
    private static final String COUNT = "count";

    enum Type {
        NUMBER,
        STRING,
        BOOLEAN
    }

    /**
     * An aggregation field as the index has it: {@code values} the field holding its values as stored (keyword, long
     * or boolean), {@code numbers} the field holding them as numbers ({@code null} for a String).
     */
    record Field(String awsName, Type type, String values, String numbers) {}

    private final OpenSearchClient client;
    private final FleetQueries queries;
    private final AwsErrors errors;

    AggregationService(OpenSearchClient client, FleetQueries queries, AwsErrors errors) {
        this.client = client;
        this.queries = queries;
        this.errors = errors;
    }

    /** {@code statistics}: count only for a String field; for a Boolean, true counts 1 and false 0. */
    public Uni<ObjectNode> statistics(String indexName, String queryString, String aggregationField) {
        return blocking(() -> {
            Query query = queries.thingQuery(indexName, queryString);
            Field field = field(aggregationField);
            ObjectNode statistics = JsonNodeFactory.instance.objectNode();
            if (field.type() == Type.STRING) {
                Aggregate count = aggregate(
                                query, Map.of(COUNT, Aggregation.of(a -> a.valueCount(v -> v.field(field.values())))))
                        .get(COUNT);
                statistics.put(
                        "count",
                        count.valueCount().value() == null
                                ? 0
                                : count.valueCount().value().intValue());
            } else {
                String source = field.type() == Type.BOOLEAN ? field.values() : field.numbers();
                ExtendedStatsAggregate stats = aggregate(
                                query, Map.of(AGGREGATION, Aggregation.of(a -> a.extendedStats(e -> e.field(source)))))
                        .get(AGGREGATION)
                        .extendedStats();
                statistics.put("count", (int) stats.count());
                if (stats.count() > 0) {
                    putNumber(statistics, "average", stats.avg());
                    statistics.put("sum", stats.sum());
                    putNumber(statistics, "minimum", stats.min());
                    putNumber(statistics, "maximum", stats.max());
                    putNumber(statistics, "sumOfSquares", stats.sumOfSquares());
                    putNumber(statistics, "variance", stats.variance());
                    putNumber(statistics, "stdDeviation", stats.stdDeviation());
                }
            }
            ObjectNode output = JsonNodeFactory.instance.objectNode();
            output.set("statistics", statistics);
            return output;
        });
    }

    /** {@code cardinality}: the (approximate) number of distinct values as stored. */
    public Uni<ObjectNode> cardinality(String indexName, String queryString, String aggregationField) {
        return blocking(() -> {
            Query query = queries.thingQuery(indexName, queryString);
            Field field = field(aggregationField);
            long cardinality = aggregate(
                            query,
                            Map.of(AGGREGATION, Aggregation.of(a -> a.cardinality(c -> c.field(field.values())))))
                    .get(AGGREGATION)
                    .cardinality()
                    .value();
            return JsonNodeFactory.instance.objectNode().put("cardinality", (int) cardinality);
        });
    }

    /** {@code percentiles} of a Number field, in the order asked; empty when no matching thing has a value. */
    public Uni<ObjectNode> percentiles(
            String indexName, String queryString, String aggregationField, List<Double> percents) {
        return blocking(() -> {
            Query query = queries.thingQuery(indexName, queryString);
            Field field = field(aggregationField);
            if (field.type() != Type.NUMBER) {
                throw invalidAggregation("Percentiles aggregation is only supported on a Number field, field "
                        + field.awsName() + " is a " + typeName(field.type()));
            }
            Map<String, Aggregate> result = aggregate(
                    query,
                    Map.of(
                            COUNT,
                            Aggregation.of(a -> a.valueCount(v -> v.field(field.numbers()))),
                            AGGREGATION,
                            Aggregation.of(a -> a.percentiles(p ->
                                    p.field(field.numbers()).percents(percents).keyed(false)))));
            ObjectNode output = JsonNodeFactory.instance.objectNode();
            ArrayNode percentiles = output.putArray("percentiles");
            Double values = result.get(COUNT).valueCount().value();
            if (values == null || values == 0) {
                return output;
            }
            for (ArrayPercentilesItem item :
                    result.get(AGGREGATION).tdigestPercentiles().values().array()) {
                ObjectNode pair = percentiles.addObject().put("percent", Double.parseDouble(item.key()));
                putNumber(pair, "value", item.value());
            }
            return output;
        });
    }

    /**
     * {@code totalCount} (the matching things that have a value in the field) and the {@code maxBuckets} most
     * frequent values as stored, most frequent first (ties by value).
     */
    public Uni<ObjectNode> buckets(String indexName, String queryString, String aggregationField, int maxBuckets) {
        return blocking(() -> {
            Query fleet = queries.thingQuery(indexName, queryString);
            Field field = field(aggregationField);
            Query query = Query.of(q -> q.bool(b -> b.must(fleet).filter(f -> f.exists(e -> e.field(field.values())))));
            SearchResponse<JsonData> response = search(
                    query,
                    Map.of(
                            AGGREGATION,
                            Aggregation.of(
                                    a -> a.terms(t -> t.field(field.values()).size(maxBuckets)))));
            ObjectNode output = JsonNodeFactory.instance.objectNode();
            output.put("totalCount", (int) response.hits().total().value());
            ArrayNode buckets = output.putArray("buckets");
            Aggregate terms = response.aggregations().get(AGGREGATION);
            if (terms.isSterms()) {
                for (StringTermsBucket bucket : terms.sterms().buckets().array()) {
                    buckets.addObject().put("keyValue", bucket.key()).put("count", (int) bucket.docCount());
                }
            } else if (terms.isLterms()) {
                for (LongTermsBucket bucket : terms.lterms().buckets().array()) {
                    String key = bucket.keyAsString() != null
                            ? bucket.keyAsString()
                            : bucket.key().isSigned()
                                    ? String.valueOf(bucket.key().signed())
                                    : bucket.key().unsigned();
                    buckets.addObject().put("keyValue", key).put("count", (int) bucket.docCount());
                }
            }
            // unmapped terms (no thing has the field): no buckets
            return output;
        });
    }

    // ---- the field ----

    private Field field(String awsName) {
        QueryTranslator.Field queryField = queries.indexedField(awsName)
                .orElseThrow(() -> invalidAggregation("Invalid aggregation field: " + awsName));
        String name = queryField.name();
        return switch (queryField.kind()) {
            case LONG -> new Field(awsName, Type.NUMBER, name, name);
            case BOOLEAN -> new Field(awsName, Type.BOOLEAN, name, null);
            case KEYWORD ->
                hasNumericTwin(name)
                        ? new Field(awsName, Type.NUMBER, name, ThingIndex.numeric(name))
                        : new Field(awsName, Type.STRING, name, null);
        };
    }

    /** Whether the mapping has {@code numeric.<field>}: some thing had a number in the field. */
    private boolean hasNumericTwin(String field) {
        String numeric = ThingIndex.numeric(field);
        try {
            return client
                    .indices()
                    .getFieldMapping(m -> m.index(ThingIndex.ALIAS).fields(numeric))
                    .result()
                    .values()
                    .stream()
                    .anyMatch(index -> index.mappings().containsKey(numeric));
        } catch (OpenSearchException e) {
            throw queries.failure(e);
        } catch (IOException e) {
            throw queries.failure(e);
        }
    }

    private static String typeName(Type type) {
        return switch (type) {
            case NUMBER -> "Number";
            case STRING -> "String";
            case BOOLEAN -> "Boolean";
        };
    }

    private RuntimeException invalidAggregation(String message) {
        return errors.iot("InvalidAggregationException", message);
    }

    // ---- OpenSearch ----

    private Map<String, Aggregate> aggregate(Query query, Map<String, Aggregation> aggregations) {
        return search(query, aggregations).aggregations();
    }

    private SearchResponse<JsonData> search(Query query, Map<String, Aggregation> aggregations) {
        try {
            return client.search(
                    search -> search.index(ThingIndex.ALIAS)
                            .query(query)
                            .size(0)
                            .trackTotalHits(track -> track.enabled(true))
                            .aggregations(aggregations),
                    JsonData.class);
        } catch (OpenSearchException e) {
            throw queries.failure(e);
        } catch (IOException e) {
            throw queries.failure(e);
        }
    }

    private static void putNumber(ObjectNode node, String member, Double value) {
        if (value != null && Double.isFinite(value)) {
            node.put(member, value);
        }
    }

    /** The OpenSearch calls block: they run on a worker thread. */
    private static <T> Uni<T> blocking(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
