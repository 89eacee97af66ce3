package io.iotdm.indexing.search;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The order a SearchIndex client asks for with the extension header {@value #HEADER}:
 * {@code <field>[:asc|:desc][,<field>[:asc|:desc]...]}, fields named as AWS's query language names them, ascending
 * unless {@code :desc}. Only the syntax is checked here: whether the index has a field is the search's business
 * ({@link SearchService}), how OpenSearch sorts on it {@link SearchOrder}'s.
 *
 * <p>Attribute names may contain {@code :}, so only a last {@code :asc} or {@code :desc} is a direction
 * ({@code attributes.a:b} is the attribute {@code a:b}); a field whose name contains {@code ,} cannot be named.
 *
 * @param keys the sort keys, most significant first; none: AWS's order (by thing name)
 */
public record SearchSort(List<Key> keys) {

    public static final String HEADER = "iotdm-sort";

    /** No header: AWS's order. */
    public static final SearchSort AWS_ORDER = new SearchSort(List.of());

    /** One sort key. */
    public record Key(String field, boolean descending) {

        @Override
        public String toString() {
            return field + (descending ? ":desc" : ":asc");
        }
    }

    public SearchSort {
        keys = List.copyOf(keys);
    }

    /** @throws IllegalArgumentException for a value that is not a list of sort keys */
    public static SearchSort parse(String header) {
        List<Key> keys = new ArrayList<>();
        Set<String> fields = new HashSet<>();
        for (String entry : header.split(",", -1)) {
            Key key = key(entry.trim(), header);
            if (!fields.add(key.field())) {
                throw new IllegalArgumentException("field " + key.field() + " is named twice");
            }
            keys.add(key);
        }
        return new SearchSort(keys);
    }

    private static Key key(String entry, String header) {
        int colon = entry.lastIndexOf(':');
        String direction = colon < 0 ? "" : entry.substring(colon + 1).toLowerCase(Locale.ROOT);
        Key key =
                switch (direction) {
                    case "asc" -> new Key(entry.substring(0, colon).trim(), false);
                    case "desc" -> new Key(entry.substring(0, colon).trim(), true);
                    default -> new Key(entry, false);
                };
        if (key.field().isEmpty()) {
            throw new IllegalArgumentException(
                    "a sort key without a field in '" + header + "', expected <field>[:asc|:desc][,...]");
        }
        return key;
    }

    public boolean isAwsOrder() {
        return keys.isEmpty();
    }

    /** The keys with explicit directions: what a page token of this order is bound to. */
    public String canonical() {
        return keys.stream().map(Key::toString).collect(Collectors.joining(","));
    }
}
