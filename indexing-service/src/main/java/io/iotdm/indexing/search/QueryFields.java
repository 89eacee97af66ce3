package io.iotdm.indexing.search;

import java.util.List;

/**
 * The query fields of one fleet index as AWS's query language names them ({@link ThingQueryFields},
 * {@link GroupQueryFields}): what {@link QueryTranslator} makes of a field name, and what unfielded terms search.
 */
public interface QueryFields {

    /** The index field of a query field, or {@code null} when AWS does not know the field for this index. */
    QueryTranslator.Field resolve(String name);

    /** Whether a keyword field of the index's mapping is one that unfielded terms search. */
    boolean isUnfielded(String field);

    /** The field patterns of unfielded terms, for the {@code multi_match} fallback of very many fields. */
    List<String> unfieldedPatterns();

    /** What an unfielded wildcard searches in that fallback: the name fields. */
    List<String> nameFields();

    /** A path the indexer can have written: no empty segment (see IndexedValues). */
    static boolean isPath(String path) {
        return !path.isBlank() && !path.startsWith(".") && !path.endsWith(".") && !path.contains("..");
    }
}
