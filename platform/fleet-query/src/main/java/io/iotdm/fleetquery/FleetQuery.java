package io.iotdm.fleetquery;

import java.util.Objects;

/**
 * AWS IoT's fleet-indexing query syntax (queryVersion {@code 2017-09-30}), as used by SearchIndex, the aggregations
 * (GetStatistics, GetCardinality, GetPercentiles, GetBucketsAggregation) and dynamic thing groups.
 *
 * <p>The grammar is {@code src/main/antlr4/io/iotdm/fleetquery/grammar/FleetQuery{Lexer,Parser}.g4}; the rules and
 * their sources are documented there and in the (internal) AstBuilder. This is the only place that turns a query
 * string into a query: translate the resulting {@link Query}, never the string. Thread-safe.
 */
public final class FleetQuery {

    /** "The maximum number of terms in a query is twelve" (query-syntax; older docs said seven). */
    public static final int MAX_TERMS = 12;

    /** "Queries that include a leading wildcard have a max query length of 100 characters" (query-syntax). */
    public static final int LEADING_WILDCARD_MAX_QUERY_LENGTH = 100;

    /**
     * How deeply parentheses may nest, and how many {@code NOT}/{@code -} may follow one another. Ours, not AWS's:
     * it keeps hostile input from exhausting the stack. Twelve terms never need more.
     */
    public static final int MAX_NESTING = 32;

    private FleetQuery() {}

    /**
     * Parses a query string.
     *
     * @throws InvalidQueryException if AWS would reject the query; the message names the offending token
     */
    public static Query parse(String queryString) {
        Objects.requireNonNull(queryString, "queryString");
        return new QueryParser(queryString).parse();
    }
}
