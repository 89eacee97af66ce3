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

    /**
     * The longest query string, in code points. Ours: AWS documents no length for SearchIndex's {@code queryString}
     * (the model says only {@code min: 1}) beyond 100 for leading-wildcard queries. Twelve terms, each with an
     * attribute name (AWS: at most 128 characters) and an attribute value (at most 800), fit; the parser's work and
     * the query echoed in error messages stay bounded.
     */
    public static final int MAX_QUERY_LENGTH = 12_000;

    /**
     * The most wildcards ({@code *}, {@code ?}) in one term. Ours: OpenSearch turns a pattern into an automaton, and
     * one {@code *} followed by n {@code ?} takes about 2^n states (matched case-insensitively, more), which ends in
     * OpenSearch's refusal ({@code too_complex_to_determinize_exception}, 10,000 states) or a slow query. Ten keep
     * every pattern well below that (the worst, {@code x*a?????????}, is tested on OpenSearch).
     */
    public static final int MAX_WILDCARDS_PER_TERM = 10;

    /**
     * The longest wildcard term, in code points. Ours, OpenSearch's default for regular expressions
     * ({@code index.max_regex_length}): a pattern's automaton grows with its length, and AWS's attribute values (at
     * most 800 characters) fit.
     */
    public static final int MAX_WILDCARD_TERM_LENGTH = 1_000;

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
