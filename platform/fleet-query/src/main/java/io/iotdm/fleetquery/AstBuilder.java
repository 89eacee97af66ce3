package io.iotdm.fleetquery;

import io.iotdm.fleetquery.InvalidQueryException.Reason;
import io.iotdm.fleetquery.grammar.FleetQueryParser;
import io.iotdm.fleetquery.grammar.FleetQueryParser.AndQueryContext;
import io.iotdm.fleetquery.grammar.FleetQueryParser.ComparisonContext;
import io.iotdm.fleetquery.grammar.FleetQueryParser.ComparisonValueContext;
import io.iotdm.fleetquery.grammar.FleetQueryParser.FieldGroupContext;
import io.iotdm.fleetquery.grammar.FleetQueryParser.FieldQueryContext;
import io.iotdm.fleetquery.grammar.FleetQueryParser.FieldValueContext;
import io.iotdm.fleetquery.grammar.FleetQueryParser.GroupContext;
import io.iotdm.fleetquery.grammar.FleetQueryParser.NegationContext;
import io.iotdm.fleetquery.grammar.FleetQueryParser.OrQueryContext;
import io.iotdm.fleetquery.grammar.FleetQueryParser.PlainValueContext;
import io.iotdm.fleetquery.grammar.FleetQueryParser.PositiveContext;
import io.iotdm.fleetquery.grammar.FleetQueryParser.PrimaryContext;
import io.iotdm.fleetquery.grammar.FleetQueryParser.RangeBoundContext;
import io.iotdm.fleetquery.grammar.FleetQueryParser.RangeContext;
import io.iotdm.fleetquery.grammar.FleetQueryParser.UnaryContext;
import io.iotdm.fleetquery.grammar.FleetQueryParser.ValueContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.Token;

/**
 * Turns a parse tree into a {@link Query}, checking what the grammar leaves open. Each leaf (a term, phrase,
 * wildcard, range, comparison, existence test, {@code *} or geoquery) is counted as one of AWS's "terms".
 *
 * <p>Judgment calls, where AWS's documentation is silent (Lucene's classic parser decides unless noted):
 *
 * <ul>
 *   <li>A field applies to the clause right after its colon only: {@code thingName:abc def} is {@code thingName:abc}
 *       and an unfielded {@code def}. Inside a field group the group's field is the default, and an explicit field
 *       overrides it.
 *   <li>{@code field:-5} is the negative number -5 when the minus touches a number (Lucene rejects it); {@code
 *       field:-abc} is an error: write {@code -field:abc}.
 *   <li>A range bound {@code *} is open ({@code [* TO 5]}); {@code [* TO *]} is {@code field:*}.
 *   <li>Ranges, comparisons and geoqueries need a field (Lucene allows unfielded ranges; AWS's examples all have
 *       one).
 *   <li>Comparison values are single values of any kind, not only numbers; the translator decides by field type.
 * </ul>
 */
final class AstBuilder {

    /** Distance units of {@code geo_distance}: those of OpenSearch/Elasticsearch, on which AWS's backend appears based. */
    private static final Set<String> DISTANCE_UNITS = Set.of("", "km", "m", "cm", "mm", "mi", "yd", "ft", "in", "nmi");

    private final String queryString;
    private int terms;
    private int leadingWildcards;

    AstBuilder(String queryString) {
        this.queryString = queryString;
    }

    Query build(FleetQueryParser.QueryContext query) {
        return orQuery(query.orQuery(), null);
    }

    private Query orQuery(OrQueryContext ctx, String field) {
        List<Query> clauses = new ArrayList<>();
        for (AndQueryContext and : ctx.andQuery()) {
            clauses.add(andQuery(and, field));
        }
        return Query.or(clauses);
    }

    private Query andQuery(AndQueryContext ctx, String field) {
        List<Query> clauses = new ArrayList<>();
        for (UnaryContext unary : ctx.unary()) {
            clauses.add(unary(unary, field));
        }
        return Query.and(clauses);
    }

    private Query unary(UnaryContext ctx, String field) {
        return switch (ctx) {
            case NegationContext negation -> new Query.Not(unary(negation.unary(), field));
            case PositiveContext positive -> primary(positive.primary(), field);
            default -> throw new IllegalStateException("unknown unary " + ctx.getClass());
        };
    }

    private Query primary(PrimaryContext ctx, String field) {
        return switch (ctx) {
            case GroupContext group -> orQuery(group.orQuery(), field);
            case FieldGroupContext group -> orQuery(group.orQuery(), fieldName(group.field));
            case FieldQueryContext fielded -> fieldValue(fielded.fieldValue(), fieldName(fielded.field));
            case ComparisonContext comparison -> comparison(comparison);
            case PlainValueContext plain -> value(plain.value(), field);
            default -> throw new IllegalStateException("unknown primary " + ctx.getClass());
        };
    }

    private Query fieldValue(FieldValueContext ctx, String field) {
        if (ctx.MINUS() != null) {
            return leaf(
                    new Query.Term(
                            field,
                            signedNumber(ctx.MINUS().getSymbol(), ctx.TERM().getSymbol(), false)),
                    ctx.MINUS().getSymbol());
        }
        if (ctx.TERM() != null) {
            return word(ctx.TERM().getSymbol(), field);
        }
        if (ctx.QUOTED() != null) {
            return phrase(ctx.QUOTED().getSymbol(), field);
        }
        if (ctx.range() != null) {
            return range(ctx.range(), field);
        }
        return geo(ctx.GEO().getSymbol(), field);
    }

    private Query value(ValueContext ctx, String field) {
        if (ctx.TERM() != null) {
            return word(ctx.TERM().getSymbol(), field);
        }
        if (ctx.QUOTED() != null) {
            return phrase(ctx.QUOTED().getSymbol(), field);
        }
        if (ctx.range() != null) {
            if (field == null) {
                throw error(Reason.FIELD_REQUIRED, ctx.range().open);
            }
            return range(ctx.range(), field);
        }
        if (field == null) {
            throw error(Reason.FIELD_REQUIRED, ctx.GEO().getSymbol());
        }
        return geo(ctx.GEO().getSymbol(), field);
    }

    /**
     * A word: {@code *} alone is "all things" unfielded ("searching for "*" matches all things", query-syntax) and
     * existence with a field ({@code shadow.reported.location:*}, example-queries); unescaped {@code *} or {@code ?}
     * make a wildcard pattern; anything else is a term.
     */
    private Query word(Token token, String field) {
        Word word = Word.of(token.getText());
        if (word.pattern().equals("*")) {
            return leaf(field == null ? new Query.MatchAll() : new Query.Exists(field), token);
        }
        if (!word.wildcard()) {
            return leaf(new Query.Term(field, word.literal()), token);
        }
        Query.Wildcard wildcard = new Query.Wildcard(field, word.pattern());
        leaf(wildcard, token);
        // bounds the automaton OpenSearch builds of the pattern (see FleetQuery)
        if (wildcard.wildcards() > FleetQuery.MAX_WILDCARDS_PER_TERM) {
            throw error(Reason.TOO_MANY_WILDCARDS, token);
        }
        if (word.literal().codePointCount(0, word.literal().length()) > FleetQuery.MAX_WILDCARD_TERM_LENGTH) {
            throw error(Reason.WILDCARD_TERM_TOO_LONG, token);
        }
        if (wildcard.leading()) {
            // "Leading wildcard use is limited to 1 query term per query. ... Queries that include a leading
            // wildcard have a max query length of 100 characters." (query-syntax; older docs forbade leading
            // wildcards altogether)
            if (++leadingWildcards > 1) {
                throw error(Reason.TOO_MANY_LEADING_WILDCARDS, token);
            }
            if (queryString.codePointCount(0, queryString.length()) > FleetQuery.LEADING_WILDCARD_MAX_QUERY_LENGTH) {
                throw error(Reason.LEADING_WILDCARD_QUERY_TOO_LONG, token);
            }
        }
        return wildcard;
    }

    /** A quoted phrase: escapes removed, wildcards literal. */
    private Query phrase(Token token, String field) {
        String text = unquote(token);
        if (text.codePoints().allMatch(Character::isWhitespace)) {
            throw error(Reason.EMPTY_PHRASE, token);
        }
        return leaf(new Query.Phrase(field, text), token);
    }

    /** {@code field op value}: attributes.attr2<5, connectivity.timestamp > 1557651600000 (example-queries). */
    private Query comparison(ComparisonContext ctx) {
        String field = fieldName(ctx.field);
        ComparisonValueContext valueCtx = ctx.comparisonValue();
        String value;
        if (valueCtx.MINUS() != null) {
            value = signedNumber(valueCtx.MINUS().getSymbol(), valueCtx.TERM().getSymbol(), true);
        } else if (valueCtx.TERM() != null) {
            Word word = Word.of(valueCtx.TERM().getText());
            if (word.wildcard()) {
                throw error(Reason.INVALID_COMPARISON_VALUE, valueCtx.TERM().getSymbol());
            }
            value = word.literal();
        } else {
            value = unquote(valueCtx.QUOTED().getSymbol());
            if (value.isEmpty()) {
                throw error(Reason.INVALID_COMPARISON_VALUE, valueCtx.QUOTED().getSymbol());
            }
        }
        Query range =
                switch (ctx.op.getType()) {
                    case FleetQueryParser.LT -> new Query.Range(field, null, false, value, false);
                    case FleetQueryParser.LE -> new Query.Range(field, null, false, value, true);
                    case FleetQueryParser.GT -> new Query.Range(field, value, false, null, false);
                    case FleetQueryParser.GE -> new Query.Range(field, value, true, null, false);
                    default -> throw new IllegalStateException("unknown comparison " + ctx.op.getText());
                };
        return leaf(range, ctx.field);
    }

    /** {@code [a TO b]}, {@code {a TO b}}, {@code {a TO b]}, {@code ["abcd" TO "abcf"]}, {@code [* TO 5]}. */
    private Query range(RangeContext ctx, String field) {
        String lower = bound(ctx.lower);
        String upper = bound(ctx.upper);
        Query query = lower == null && upper == null
                ? new Query.Exists(field)
                : new Query.Range(
                        field,
                        lower,
                        ctx.open.getType() == FleetQueryParser.LBRACKET,
                        upper,
                        ctx.close.getType() == FleetQueryParser.RANGE_END_INCLUSIVE);
        return leaf(query, ctx.open);
    }

    /** A bound's text, or {@code null} for an open bound ({@code *}). */
    private String bound(RangeBoundContext ctx) {
        if (ctx.RANGE_QUOTED() != null) {
            String text = unquote(ctx.RANGE_QUOTED().getSymbol());
            if (text.isEmpty()) {
                throw error(Reason.INVALID_RANGE, ctx.RANGE_QUOTED().getSymbol());
            }
            return text;
        }
        String text = ctx.RANGE_TERM().getText();
        if (text.equals("*")) {
            return null;
        }
        if (text.contains("*") || text.contains("?")) {
            throw error(Reason.INVALID_RANGE, ctx.RANGE_TERM().getSymbol());
        }
        return text;
    }

    /**
     * {@code field:geo_distance,<lat>,<lon>,<distance>} and {@code
     * field:geo_bounding_box,<top-left lat>,<top-left lon>,<bottom-right lat>,<bottom-right lon>} (location-indexing-
     * geoquery; the argument order is from AWS's examples as we recall them and is flagged for review).
     */
    private Query geo(Token token, String field) {
        String[] parts = token.getText().split(",", -1);
        Query query =
                switch (parts[0]) {
                    case "geo_distance" -> {
                        if (parts.length != 4) {
                            throw error(Reason.INVALID_GEO_QUERY, token);
                        }
                        yield new Query.GeoDistance(
                                field,
                                latitude(parts[1], token),
                                longitude(parts[2], token),
                                distance(parts[3], token));
                    }
                    case "geo_bounding_box" -> {
                        if (parts.length != 5) {
                            throw error(Reason.INVALID_GEO_QUERY, token);
                        }
                        yield new Query.GeoBoundingBox(
                                field,
                                latitude(parts[1], token),
                                longitude(parts[2], token),
                                latitude(parts[3], token),
                                longitude(parts[4], token));
                    }
                    default -> throw error(Reason.INVALID_GEO_QUERY, token);
                };
        return leaf(query, token);
    }

    private double latitude(String text, Token token) {
        return coordinate(text, 90, token);
    }

    private double longitude(String text, Token token) {
        return coordinate(text, 180, token);
    }

    private double coordinate(String text, double limit, Token token) {
        if (!Query.isNumber(text)) {
            throw error(Reason.INVALID_GEO_QUERY, token);
        }
        double value = Double.parseDouble(text);
        if (value < -limit || value > limit) {
            throw error(Reason.INVALID_GEO_QUERY, token);
        }
        return value;
    }

    private String distance(String text, Token token) {
        int unit = text.length();
        while (unit > 0 && Character.isLetter(text.charAt(unit - 1))) {
            unit--;
        }
        String number = text.substring(0, unit);
        if (!Query.isNumber(number)
                || number.startsWith("-")
                || Double.parseDouble(number) <= 0
                || !DISTANCE_UNITS.contains(text.substring(unit))) {
            throw error(Reason.INVALID_GEO_QUERY, token);
        }
        return text;
    }

    /** {@code -} followed, without a space, by a number: the negative number (judgment call, see the class). */
    private String signedNumber(Token minus, Token term, boolean comparison) {
        String text = term.getText();
        if (minus.getStopIndex() + 1 != term.getStartIndex() || !Query.isNumber(text)) {
            throw error(comparison ? Reason.INVALID_COMPARISON_VALUE : Reason.INVALID_FIELD_VALUE, minus);
        }
        return "-" + text;
    }

    /**
     * A field name as written, escapes removed. Field names are case-sensitive ("All field names are case
     * sensitive", query-syntax) and are not checked against any index here: that is for the services, with {@link
     * InvalidQueryException#invalidFieldName}. Only names that cannot be a field are rejected: wildcards, empty
     * segments.
     */
    private String fieldName(Token token) {
        Word word = Word.of(token.getText());
        String name = word.literal();
        if (word.wildcard() || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
            throw error(Reason.INVALID_FIELD_NAME, token);
        }
        return name;
    }

    /** Counts a leaf against "The maximum number of terms in a query is twelve" (query-syntax). */
    private Query leaf(Query leaf, Token token) {
        if (++terms > FleetQuery.MAX_TERMS) {
            throw error(Reason.TOO_MANY_TERMS, token);
        }
        return leaf;
    }

    private static String unquote(Token token) {
        String text = token.getText();
        return Word.unescape(text.substring(1, text.length() - 1));
    }

    private InvalidQueryException error(Reason reason, Token token) {
        return new InvalidQueryException(reason, token.getText(), token.getStartIndex(), queryString);
    }

    /**
     * A word's text with escapes removed ({@code literal}), and as a wildcard pattern ({@code pattern}: unescaped
     * {@code *} and {@code ?} are wildcards, escaped ones stay escaped), and whether it holds a wildcard.
     */
    record Word(String literal, String pattern, boolean wildcard) {

        static Word of(String text) {
            StringBuilder literal = new StringBuilder(text.length());
            StringBuilder pattern = new StringBuilder(text.length());
            boolean wildcard = false;
            for (int i = 0; i < text.length(); ) {
                int c = text.codePointAt(i);
                i += Character.charCount(c);
                if (c == '\\' && i < text.length()) {
                    int escaped = text.codePointAt(i);
                    i += Character.charCount(escaped);
                    literal.appendCodePoint(escaped);
                    if (escaped == '*' || escaped == '?' || escaped == '\\') {
                        pattern.append('\\');
                    }
                    pattern.appendCodePoint(escaped);
                } else {
                    wildcard |= c == '*' || c == '?';
                    literal.appendCodePoint(c);
                    pattern.appendCodePoint(c);
                }
            }
            return new Word(literal.toString(), pattern.toString(), wildcard);
        }

        static String unescape(String text) {
            return of(text).literal();
        }
    }
}
