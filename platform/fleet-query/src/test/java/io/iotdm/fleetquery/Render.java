package io.iotdm.fleetquery;

import java.util.stream.Collectors;

/**
 * Writes a tree back as a query string, the way a translator walks it: an exhaustive switch over the sealed
 * hierarchy. Used to check that the tree loses nothing (parse(render(tree)) == tree).
 */
final class Render {

    /** Characters that a word must escape to stand for themselves. */
    private static final String SPECIAL = "+-!():^[]\"{}~\\<>*?&|";

    private Render() {}

    static String render(Query query) {
        return switch (query) {
            case Query.And and -> and.clauses().stream().map(Render::operand).collect(Collectors.joining(" AND "));
            case Query.Or or -> or.clauses().stream().map(Render::operand).collect(Collectors.joining(" OR "));
            case Query.Not not -> "NOT " + operand(not.query());
            case Query.Term term -> field(term.field()) + word(term.value());
            case Query.Phrase phrase -> field(phrase.field()) + quote(phrase.text());
            case Query.Wildcard wildcard -> field(wildcard.field()) + pattern(wildcard.pattern());
            case Query.Range range ->
                field(range.field())
                        + (range.lowerInclusive() ? "[" : "{")
                        + bound(range.lower())
                        + " TO "
                        + bound(range.upper())
                        + (range.upperInclusive() ? "]" : "}");
            case Query.Exists exists -> field(exists.field()) + "*";
            case Query.MatchAll matchAll -> "*";
            case Query.GeoDistance geo ->
                field(geo.field()) + "geo_distance," + geo.latitude() + "," + geo.longitude() + "," + geo.distance();
            case Query.GeoBoundingBox geo ->
                field(geo.field())
                        + "geo_bounding_box,"
                        + geo.topLeftLatitude()
                        + ","
                        + geo.topLeftLongitude()
                        + ","
                        + geo.bottomRightLatitude()
                        + ","
                        + geo.bottomRightLongitude();
        };
    }

    private static String operand(Query query) {
        return query instanceof Query.And || query instanceof Query.Or ? "(" + render(query) + ")" : render(query);
    }

    private static String field(String field) {
        return field == null ? "" : word(field) + ":";
    }

    private static String word(String text) {
        StringBuilder word = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (SPECIAL.indexOf(c) >= 0 || Character.isWhitespace(c)) {
                word.append('\\');
            }
            word.appendCodePoint(c);
        });
        // operators are words once their first letter is escaped
        return switch (word.toString()) {
            case "AND", "OR", "NOT" -> "\\" + word;
            default -> word.toString();
        };
    }

    private static String pattern(String pattern) {
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                word.append(c).append(pattern.charAt(++i));
            } else if (c == '*' || c == '?') {
                word.append(c);
            } else {
                word.append(word(String.valueOf(c)));
            }
        }
        return word.toString();
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String bound(String bound) {
        return bound == null ? "*" : quote(bound);
    }
}
