package io.iotdm.group.thinggroup;

import io.iotdm.group.store.ThingGroup;

/**
 * A dynamic group's query as an operation sends it; in an update, a part not sent is {@code null} and keeps the
 * group's.
 */
public record QueryDefinition(String queryString, String indexName, String queryVersion) {

    /** This definition, the parts not sent taken from the group's current one. */
    QueryDefinition orElse(ThingGroup.Dynamic current) {
        return new QueryDefinition(
                queryString != null ? queryString : current.queryString(),
                indexName != null ? indexName : current.indexName(),
                queryVersion != null ? queryVersion : current.queryVersion());
    }

    /** Whether this (complete) definition is the group's current one. */
    boolean sameAs(ThingGroup.Dynamic current) {
        return queryString.equals(current.queryString())
                && indexName.equals(current.indexName())
                && queryVersion.equals(current.queryVersion());
    }
}
