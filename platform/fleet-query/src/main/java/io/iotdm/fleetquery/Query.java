package io.iotdm.fleetquery;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A parsed fleet-indexing query: what {@link FleetQuery#parse(String)} returns, independent of any search engine.
 *
 * <p>A sealed hierarchy of records, made for exhaustive {@code switch} pattern matching:
 *
 * <pre>{@code
 * switch (query) {
 *     case Query.And(var clauses) -> ...
 *     case Query.Term(var field, var value) -> ...
 *     ...
 * }
 * }</pre>
 *
 * <p>Conventions shared by the leaves:
 *
 * <ul>
 *   <li>A {@code field} is the field name exactly as written (field names are case-sensitive), with escapes removed,
 *       for example {@code attributes.color} or {@code shadow.name.cfg.reported.mode}. A {@code null} field means
 *       an unfielded term, which AWS searches in "all the registry, Device Shadow, and Device Defender fields".
 *   <li>Values keep the text the user wrote, with escapes removed and case preserved. Matching is case-insensitive
 *       ("Search is case insensitive"): that, and whether a value is a number, a boolean or a string, is for the
 *       translator to decide from the field's type. {@link #isNumber(String)} tells whether a text reads as a number.
 * </ul>
 */
public sealed interface Query {

    /** All of the clauses; at least two, none of them an {@code And} (nested conjunctions are flattened). */
    record And(List<Query> clauses) implements Query {
        public And {
            clauses = checkClauses(clauses, And.class);
        }
    }

    /** Any of the clauses; at least two, none of them an {@code Or} (nested disjunctions are flattened). */
    record Or(List<Query> clauses) implements Query {
        public Or {
            clauses = checkClauses(clauses, Or.class);
        }
    }

    /**
     * Everything but what {@code query} matches ({@code NOT q} or {@code -q}). A query may consist of a negation
     * alone: {@code NOT attributes.x:*} finds the things without the attribute.
     */
    record Not(Query query) implements Query {
        public Not {
            Objects.requireNonNull(query, "query");
        }
    }

    /** A single value: {@code abc}, {@code thingName:abc}, {@code attributes.n:75}, {@code connectivity.connected:true}. */
    record Term(String field, String value) implements Query {
        public Term {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A quoted phrase, matched as a whole: {@code "two words"}, {@code attributes.model:"a b"}. Never empty. */
    record Phrase(String field, String text) implements Query {
        public Phrase {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A wildcard pattern: {@code thingName:my*}, {@code thingName:ab?}, {@code attributes.x:i*t}.
     *
     * <p>The pattern uses the common wildcard syntax: {@code *} matches any sequence of characters (also none),
     * {@code ?} exactly one, and {@code \*}, {@code \?} and {@code \\} stand for a literal asterisk, question mark
     * and backslash (the parser never produces the last: AWS does not support {@code \} as a character). No other
     * character is escaped. The pattern holds at least one wildcard and is never {@code *} alone (that is {@link
     * Exists} or {@link MatchAll}).
     */
    record Wildcard(String field, String pattern) implements Query {
        public Wildcard {
            Objects.requireNonNull(pattern, "pattern");
        }

        /** Whether the pattern starts with a wildcard ({@code *my}, {@code ?b}); AWS limits these (see FleetQuery). */
        public boolean leading() {
            return !pattern.isEmpty() && (pattern.charAt(0) == '*' || pattern.charAt(0) == '?');
        }

        /** The number of wildcards ({@code *} and {@code ?}, not escaped) in the pattern. */
        public int wildcards() {
            int count = 0;
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '*' || c == '?') {
                    count++;
                }
            }
            return count;
        }

        /** Whether the pattern is a literal followed by one {@code *} and nothing else: a prefix search. */
        public boolean isPrefix() {
            int first = firstWildcard(pattern);
            return first == pattern.length() - 1 && pattern.charAt(first) == '*' && first > 0;
        }

        /** The literal text before the first wildcard, unescaped ({@code my} for {@code my*}, empty for {@code *x}). */
        public String prefix() {
            return unescape(pattern.substring(0, firstWildcard(pattern)));
        }

        /** The pattern that matches {@code literal} exactly: {@code *}, {@code ?} and {@code \} escaped. */
        public static String escape(String literal) {
            StringBuilder pattern = new StringBuilder(literal.length() + 4);
            for (int i = 0; i < literal.length(); i++) {
                char c = literal.charAt(i);
                if (c == '*' || c == '?' || c == '\\') {
                    pattern.append('\\');
                }
                pattern.append(c);
            }
            return pattern.toString();
        }

        private static int firstWildcard(String pattern) {
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '*' || c == '?') {
                    return i;
                }
            }
            return pattern.length();
        }

        private static String unescape(String patternPart) {
            StringBuilder literal = new StringBuilder(patternPart.length());
            for (int i = 0; i < patternPart.length(); i++) {
                char c = patternPart.charAt(i);
                if (c == '\\' && i + 1 < patternPart.length()) {
                    c = patternPart.charAt(++i);
                }
                literal.append(c);
            }
            return literal.toString();
        }
    }

    /**
     * A range of values. {@code [a TO b]} includes its bounds, {@code {a TO b}} excludes them, and the two mix ({@code
     * {75 TO 80]}); the comparisons map to one-sided ranges ({@code attributes.n > 3} is {@code lower = "3"}, not
     * inclusive, {@code upper = null}). A {@code null} bound is open (written {@code *} in a range); the inclusive
     * flag of an open bound is always {@code false}. At least one bound is present ({@code [* TO *]} is parsed as
     * {@link Exists}). Bounds keep their text: numbers ({@code -10}, {@code 1.5}) or strings ({@code ["abcd" TO
     * "abcf"]}, quotes removed).
     */
    record Range(String field, String lower, boolean lowerInclusive, String upper, boolean upperInclusive)
            implements Query {
        public Range {
            Objects.requireNonNull(field, "field");
            if (lower == null && upper == null) {
                throw new IllegalArgumentException("a range needs at least one bound");
            }
            lowerInclusive &= lower != null;
            upperInclusive &= upper != null;
        }
    }

    /** Things that have the field: {@code field:*}. "Missing" is {@code NOT field:*}. */
    record Exists(String field) implements Query {
        public Exists {
            Objects.requireNonNull(field, "field");
        }
    }

    /** Everything: the query {@code *} ("searching for "*" matches all things"). */
    record MatchAll() implements Query {}

    /**
     * Locations within {@code distance} of a point: {@code field:geo_distance,<latitude>,<longitude>,<distance>}, for
     * example {@code shadow.reported.location:geo_distance,47.6204,-122.3491,15.5km}. The distance keeps its text: a
     * positive number and an optional unit ({@code km}, {@code m}, {@code cm}, {@code mm}, {@code mi}, {@code yd},
     * {@code ft}, {@code in}, {@code nmi}; no unit means metres).
     */
    record GeoDistance(String field, double latitude, double longitude, String distance) implements Query {
        public GeoDistance {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(distance, "distance");
        }
    }

    /**
     * Locations inside a box: {@code
     * field:geo_bounding_box,<topLeftLatitude>,<topLeftLongitude>,<bottomRightLatitude>,<bottomRightLongitude>}.
     */
    record GeoBoundingBox(
            String field,
            double topLeftLatitude,
            double topLeftLongitude,
            double bottomRightLatitude,
            double bottomRightLongitude)
            implements Query {
        public GeoBoundingBox {
            Objects.requireNonNull(field, "field");
        }
    }

    /**
     * The fields the query names, in the order they first appear; unfielded terms add none. Dynamic groups and the
     * indexing configuration check these against the indexed (managed and custom) fields.
     */
    default Set<String> fields() {
        Set<String> fields = new LinkedHashSet<>();
        collectFields(this, fields);
        return Collections.unmodifiableSet(fields);
    }

    /**
     * Whether {@code text} reads as a decimal number: an optional {@code -}, digits with an optional fraction (or a
     * fraction alone, {@code .5}), an optional exponent ({@code 1e3}, {@code 2.5E-4}).
     */
    static boolean isNumber(String text) {
        int i = text.startsWith("-") ? 1 : 0;
        int integerDigits = digits(text, i);
        i += integerDigits;
        int fractionDigits = 0;
        if (i < text.length() && text.charAt(i) == '.') {
            fractionDigits = digits(text, i + 1);
            if (fractionDigits == 0) {
                return false;
            }
            i += 1 + fractionDigits;
        }
        if (integerDigits + fractionDigits == 0) {
            return false;
        }
        if (i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = digits(text, i);
            if (exponentDigits == 0) {
                return false;
            }
            i += exponentDigits;
        }
        return i == text.length();
    }

    private static int digits(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i - from;
    }

    private static void collectFields(Query query, Set<String> fields) {
        switch (query) {
            case And and -> and.clauses().forEach(c -> collectFields(c, fields));
            case Or or -> or.clauses().forEach(c -> collectFields(c, fields));
            case Not not -> collectFields(not.query(), fields);
            case Term term -> addField(term.field(), fields);
            case Phrase phrase -> addField(phrase.field(), fields);
            case Wildcard wildcard -> addField(wildcard.field(), fields);
            case Range range -> fields.add(range.field());
            case Exists exists -> fields.add(exists.field());
            case MatchAll matchAll -> {}
            case GeoDistance geo -> fields.add(geo.field());
            case GeoBoundingBox geo -> fields.add(geo.field());
        }
    }

    private static void addField(String field, Set<String> fields) {
        if (field != null) {
            fields.add(field);
        }
    }

    private static List<Query> checkClauses(List<Query> clauses, Class<? extends Query> type) {
        List<Query> copy = List.copyOf(clauses);
        if (copy.size() < 2) {
            throw new IllegalArgumentException(type.getSimpleName() + " needs at least two clauses: " + copy);
        }
        if (copy.stream().anyMatch(type::isInstance)) {
            throw new IllegalArgumentException(type.getSimpleName() + " clauses must be flattened: " + copy);
        }
        return copy;
    }

    /** A conjunction of the clauses, flattening nested ones; a single clause is returned as is. */
    static Query and(List<Query> clauses) {
        List<Query> flat = flatten(clauses, And.class);
        return flat.size() == 1 ? flat.getFirst() : new And(flat);
    }

    /** A disjunction of the clauses, flattening nested ones; a single clause is returned as is. */
    static Query or(List<Query> clauses) {
        List<Query> flat = flatten(clauses, Or.class);
        return flat.size() == 1 ? flat.getFirst() : new Or(flat);
    }

    private static List<Query> flatten(List<Query> clauses, Class<? extends Query> type) {
        List<Query> flat = new ArrayList<>();
        for (Query clause : clauses) {
            switch (clause) {
                case And(var nested) when type == And.class -> flat.addAll(nested);
                case Or(var nested) when type == Or.class -> flat.addAll(nested);
                default -> flat.add(clause);
            }
        }
        if (flat.isEmpty()) {
            throw new IllegalArgumentException("no clauses");
        }
        return flat;
    }
}
