package io.iotdm.fleetquery;

import java.util.List;

/** Short constructors for expected trees. */
final class Q {

    private Q() {}

    static Query term(String value) {
        return new Query.Term(null, value);
    }

    static Query term(String field, String value) {
        return new Query.Term(field, value);
    }

    static Query phrase(String text) {
        return new Query.Phrase(null, text);
    }

    static Query phrase(String field, String text) {
        return new Query.Phrase(field, text);
    }

    static Query wildcard(String pattern) {
        return new Query.Wildcard(null, pattern);
    }

    static Query wildcard(String field, String pattern) {
        return new Query.Wildcard(field, pattern);
    }

    static Query range(String field, String lower, boolean lowerInclusive, String upper, boolean upperInclusive) {
        return new Query.Range(field, lower, lowerInclusive, upper, upperInclusive);
    }

    static Query exists(String field) {
        return new Query.Exists(field);
    }

    static Query all() {
        return new Query.MatchAll();
    }

    static Query and(Query... clauses) {
        return new Query.And(List.of(clauses));
    }

    static Query or(Query... clauses) {
        return new Query.Or(List.of(clauses));
    }

    static Query not(Query query) {
        return new Query.Not(query);
    }
}
