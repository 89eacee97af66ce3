package io.iotdm.indexing.search;

import static io.iotdm.fleetquery.Query.isNumber;

import io.iotdm.fleetquery.InvalidQueryException;
import io.iotdm.fleetquery.Query.And;
import io.iotdm.fleetquery.Query.Exists;
import io.iotdm.fleetquery.Query.GeoBoundingBox;
import io.iotdm.fleetquery.Query.GeoDistance;
import io.iotdm.fleetquery.Query.MatchAll;
import io.iotdm.fleetquery.Query.Not;
import io.iotdm.fleetquery.Query.Or;
import io.iotdm.fleetquery.Query.Phrase;
import io.iotdm.fleetquery.Query.Range;
import io.iotdm.fleetquery.Query.Term;
import io.iotdm.fleetquery.Query.Wildcard;
import io.iotdm.indexing.index.ThingIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.query_dsl.Query;

/**
 * A parsed fleet query ({@link io.iotdm.fleetquery.FleetQuery#parse}) as an OpenSearch query on a fleet index: the
 * thing index (see {@link ThingIndex} for the fields) or the thing-group index. Typed builders only, never a query
 * string.
 *
 * <ul>
 *   <li>Field names must be AWS's query fields of the index ({@link QueryFields}: {@link ThingQueryFields},
 *       {@link GroupQueryFields}), else AWS's "invalid field name" error.
 *   <li>Keyword fields (names, attributes, shadow values, disconnect reason): a term or a phrase is the exact value,
 *       matched case-insensitively ({@code term} with {@code case_insensitive}); a value that reads as a number also
 *       matches the numeric twin ({@code numeric.<field>}), so {@code shadow.reported.v:2} finds {@code 2.0} too.
 *       Wildcards are {@code wildcard} (or {@code prefix} for {@code abc*}) queries with {@code case_insensitive}.
 *       Ranges and comparisons whose bounds are numbers go to {@code numeric.<field>}; other bounds make a keyword
 *       range on the field itself (compared as stored: case-sensitively).
 *   <li>Boolean fields ({@code shadow.hasDelta}, {@code shadow.name.<s>.hasDelta}, {@code connectivity.connected}):
 *       {@code true}/{@code false} in any case; any other value, or a range, matches nothing.
 *   <li>Long fields ({@code registry.version}, {@code shadow.version}, {@code connectivity.timestamp}): numbers,
 *       ranges and comparisons on the field; anything else matches nothing.
 *   <li>{@code field:*}: {@code exists} on the field; for a shadow path also {@code exists} on {@code field.*} (the
 *       exists query takes a field-name pattern), so {@code shadow.reported.location:*} finds an object-valued
 *       {@code location} (indexed as {@code shadow.reported.location.lat}, ...).
 *   <li>Unfielded terms, phrases and wildcards: any of the searchable keyword fields the index currently has
 *       ({@code unfieldedFields}, from the mapping), case-insensitively. Lucene limits a query to 1024
 *       clauses; when the fields times the unfielded terms exceed {@link #MAX_CLAUSES}, an
 *       unfielded term becomes a lenient {@code multi_match} over the field patterns (exact case) and an unfielded
 *       wildcard searches the name fields only.
 *   <li>AND/OR/NOT: {@code bool} filter / should (one at least) / must_not. {@code *}: {@code match_all}.
 *   <li>Geo queries: location fields ({@code filter.geoLocations}) are stored in the configuration but not indexed
 *       yet, so their field is an invalid field name, as AWS answers for a field that is not indexed.
 *   <li>Fields the indexing configuration does not index (a {@code Predicate} from {@code FleetQueries}): also an
 *       invalid field name.
 * </ul>
 */
public final class QueryTranslator {

    /** Below Lucene's default of 1024 clauses per query, with room for the fielded clauses. */
    static final int MAX_CLAUSES = 900;

    /** How the index holds a query field: a keyword (numbers also under {@code numeric.<field>}), a boolean, a long. */
    public enum Kind {
        KEYWORD,
        BOOLEAN,
        LONG
    }

    /** A query field as the index has it. {@code path}: object-valued paths may exist below it. */
    public record Field(String name, Kind kind, boolean path) {}

    private final QueryFields fields;
    private final List<String> unfieldedFields;
    private final Predicate<String> indexed;

    /** On the thing index, every field AWS knows indexed. */
    public QueryTranslator(List<String> unfieldedFields) {
        this(ThingQueryFields.INSTANCE, unfieldedFields, field -> true);
    }

    /**
     * @param fields          the query fields of the index searched
     * @param unfieldedFields the keyword fields an unfielded term searches (see {@link QueryFields#isUnfielded})
     * @param indexed         whether a query field AWS knows is in the index under the indexing configuration (else
     *                        AWS's "invalid field name", as for a field AWS does not know)
     */
    public QueryTranslator(QueryFields fields, List<String> unfieldedFields, Predicate<String> indexed) {
        this.fields = fields;
        this.unfieldedFields = List.copyOf(unfieldedFields);
        this.indexed = indexed;
    }

    /**
     * @param queryString the query as sent, for the error messages
     * @throws InvalidQueryException for a field that is not one of AWS's query fields
     */
    public Query translate(io.iotdm.fleetquery.Query query, String queryString) {
        return new Translation(queryString, unfieldedBudgetExceeded(query)).translate(query);
    }

    private boolean unfieldedBudgetExceeded(io.iotdm.fleetquery.Query query) {
        long unfielded = countUnfielded(query);
        return unfielded > 0 && unfielded * unfieldedFields.size() > MAX_CLAUSES;
    }

    /** Whether the query has an unfielded term, phrase or wildcard (and so needs the unfielded fields). */
    public static boolean hasUnfielded(io.iotdm.fleetquery.Query query) {
        return countUnfielded(query) > 0;
    }

    private static long countUnfielded(io.iotdm.fleetquery.Query query) {
        return switch (query) {
            case And and ->
                and.clauses().stream()
                        .mapToLong(QueryTranslator::countUnfielded)
                        .sum();
            case Or or ->
                or.clauses().stream().mapToLong(QueryTranslator::countUnfielded).sum();
            case Not not -> countUnfielded(not.query());
            case Term term -> term.field() == null ? 1 : 0;
            case Phrase phrase -> phrase.field() == null ? 1 : 0;
            case Wildcard wildcard -> wildcard.field() == null ? 1 : 0;
            default -> 0;
        };
    }

    private final class Translation {

        private final String queryString;
        private final boolean fallback;

        Translation(String queryString, boolean fallback) {
            this.queryString = queryString;
            this.fallback = fallback;
        }

        Query translate(io.iotdm.fleetquery.Query query) {
            return switch (query) {
                case And and -> Query.of(q -> q.bool(b -> b.filter(all(and.clauses()))));
                case Or or ->
                    Query.of(q -> q.bool(b -> b.should(all(or.clauses())).minimumShouldMatch("1")));
                case Not not -> Query.of(q -> q.bool(b -> b.mustNot(translate(not.query()))));
                case Term term -> value(term.field(), term.value());
                case Phrase phrase -> value(phrase.field(), phrase.text());
                case Wildcard wildcard -> wildcard(wildcard);
                case Range range -> range(range);
                case Exists exists -> exists(field(exists.field()));
                case MatchAll matchAll -> Query.of(q -> q.matchAll(m -> m));
                case GeoDistance geo -> throw InvalidQueryException.invalidFieldName(geo.field(), queryString);
                case GeoBoundingBox geo -> throw InvalidQueryException.invalidFieldName(geo.field(), queryString);
            };
        }

        private List<Query> all(List<io.iotdm.fleetquery.Query> clauses) {
            return clauses.stream().map(this::translate).toList();
        }

        // ---- values ----

        private Query value(String fieldName, String value) {
            if (fieldName == null) {
                return unfielded(value);
            }
            Field field = field(fieldName);
            return switch (field.kind()) {
                case KEYWORD -> {
                    Query exact = keywordTerm(field.name(), value);
                    if (!isNumber(value)) {
                        yield exact;
                    }
                    double number = Double.parseDouble(value);
                    Query numeric = Query.of(q -> q.term(
                            t -> t.field(ThingIndex.numeric(field.name())).value(FieldValue.of(number))));
                    yield anyOf(List.of(exact, numeric));
                }
                case BOOLEAN ->
                    booleanValue(value)
                            .map(flag -> Query.of(
                                    q -> q.term(t -> t.field(field.name()).value(FieldValue.of(flag)))))
                            .orElseGet(QueryTranslator::matchNone);
                case LONG ->
                    isNumber(value)
                            ? Query.of(q -> q.range(r -> r.field(field.name())
                                    .gte(JsonData.of(Double.parseDouble(value)))
                                    .lte(JsonData.of(Double.parseDouble(value)))))
                            : matchNone();
            };
        }

        private Query unfielded(String value) {
            if (fallback) {
                return Query.of(q -> q.multiMatch(
                        m -> m.query(value).fields(fields.unfieldedPatterns()).lenient(true)));
            }
            return anyOf(unfieldedFields.stream()
                    .map(field -> keywordTerm(field, value))
                    .toList());
        }

        private Query wildcard(Wildcard wildcard) {
            if (wildcard.field() == null) {
                List<String> searched = fallback ? fields.nameFields() : unfieldedFields;
                return anyOf(searched.stream()
                        .map(field -> keywordWildcard(field, wildcard))
                        .toList());
            }
            Field field = field(wildcard.field());
            return switch (field.kind()) {
                case KEYWORD -> keywordWildcard(field.name(), wildcard);
                case BOOLEAN -> {
                    // A boolean field takes no wildcard query: match its two values against the pattern here.
                    Pattern pattern = toRegex(wildcard.pattern());
                    List<Query> values = new ArrayList<>();
                    for (boolean flag : new boolean[] {true, false}) {
                        if (pattern.matcher(Boolean.toString(flag)).matches()) {
                            values.add(Query.of(
                                    q -> q.term(t -> t.field(field.name()).value(FieldValue.of(flag)))));
                        }
                    }
                    yield anyOf(values);
                }
                case LONG -> matchNone(); // AWS: the version fields are not searchable; a timestamp pattern is moot
            };
        }

        private Query range(Range range) {
            Field field = field(range.field());
            boolean numeric = (range.lower() == null || isNumber(range.lower()))
                    && (range.upper() == null || isNumber(range.upper()));
            return switch (field.kind()) {
                case BOOLEAN -> matchNone();
                case LONG -> numeric ? numericRange(field.name(), range) : matchNone();
                case KEYWORD ->
                    numeric
                            ? numericRange(ThingIndex.numeric(field.name()), range)
                            : Query.of(q -> q.range(r -> {
                                r.field(field.name());
                                if (range.lower() != null) {
                                    JsonData lower = JsonData.of(range.lower());
                                    if (range.lowerInclusive()) {
                                        r.gte(lower);
                                    } else {
                                        r.gt(lower);
                                    }
                                }
                                if (range.upper() != null) {
                                    JsonData upper = JsonData.of(range.upper());
                                    if (range.upperInclusive()) {
                                        r.lte(upper);
                                    } else {
                                        r.lt(upper);
                                    }
                                }
                                return r;
                            }));
            };
        }

        private Query exists(Field field) {
            Query exists = Query.of(q -> q.exists(e -> e.field(field.name())));
            if (!field.path()) {
                return exists;
            }
            Query below = Query.of(q -> q.exists(e -> e.field(field.name() + ".*")));
            return anyOf(List.of(exists, below));
        }

        // ---- fields ----

        private Field field(String name) {
            Field field = fields.resolve(name);
            if (field == null || !indexed.test(name)) {
                throw InvalidQueryException.invalidFieldName(name, queryString);
            }
            return field;
        }
    }

    /** The index field of a query field of the thing index, if AWS knows it. */
    public static Optional<Field> queryField(String name) {
        return Optional.ofNullable(ThingQueryFields.INSTANCE.resolve(name));
    }

    // ---- building blocks ----

    private static Query keywordTerm(String field, String value) {
        return Query.of(
                q -> q.term(t -> t.field(field).value(FieldValue.of(value)).caseInsensitive(true)));
    }

    private static Query keywordWildcard(String field, Wildcard wildcard) {
        if (wildcard.isPrefix()) {
            return Query.of(
                    q -> q.prefix(p -> p.field(field).value(wildcard.prefix()).caseInsensitive(true)));
        }
        // The fleet-query pattern syntax (*, ?, \ escapes) is Lucene's wildcard syntax.
        return Query.of(
                q -> q.wildcard(w -> w.field(field).value(wildcard.pattern()).caseInsensitive(true)));
    }

    private static Query numericRange(String field, Range range) {
        return Query.of(q -> q.range(r -> {
            r.field(field);
            if (range.lower() != null) {
                JsonData lower = JsonData.of(Double.parseDouble(range.lower()));
                if (range.lowerInclusive()) {
                    r.gte(lower);
                } else {
                    r.gt(lower);
                }
            }
            if (range.upper() != null) {
                JsonData upper = JsonData.of(Double.parseDouble(range.upper()));
                if (range.upperInclusive()) {
                    r.lte(upper);
                } else {
                    r.lt(upper);
                }
            }
            return r;
        }));
    }

    private static Query anyOf(List<Query> queries) {
        if (queries.isEmpty()) {
            return matchNone();
        }
        if (queries.size() == 1) {
            return queries.getFirst();
        }
        return Query.of(q -> q.bool(b -> b.should(queries).minimumShouldMatch("1")));
    }

    private static Query matchNone() {
        return Query.of(q -> q.matchNone(m -> m));
    }

    private static Optional<Boolean> booleanValue(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /** A fleet-query wildcard pattern as a regular expression, case-insensitive. */
    private static Pattern toRegex(String wildcardPattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < wildcardPattern.length(); i++) {
            char c = wildcardPattern.charAt(i);
            if (c == '\\' && i + 1 < wildcardPattern.length()) {
                regex.append(Pattern.quote(String.valueOf(wildcardPattern.charAt(++i))));
            } else if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
    }
}
