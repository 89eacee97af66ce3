package io.iotdm.indexing.search;

import io.iotdm.aws.service.AwsErrors;
import io.iotdm.fleetquery.FleetQuery;
import io.iotdm.fleetquery.InvalidQueryException;
import io.iotdm.indexing.config.IndexingConfigurationService;
import io.iotdm.indexing.config.IndexingSettings;
import io.iotdm.indexing.config.ThingIndexState;
import io.iotdm.indexing.config.ThingIndexStateStore;
import io.iotdm.indexing.index.GroupIndex;
import io.iotdm.indexing.index.ThingIndex;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.query_dsl.Query;

/**
 * What every fleet-index operation (SearchIndex, the aggregations) does with its {@code indexName} and
 * {@code queryString}: the index name checked, the query parsed and translated ({@link QueryTranslator}), AWS's errors
 * for each failure, and the answer to OpenSearch not having the index. Blocking (the unfielded field list may be
 * read): call on a worker thread.
 */
@Singleton
public class FleetQueries {

    private final FieldCatalog catalog;
    private final AwsErrors errors;
    private final IndexingConfigurationService configurations;
    private final ThingIndexStateStore states;

    FleetQueries(
            FieldCatalog catalog,
            AwsErrors errors,
            IndexingConfigurationService configurations,
            ThingIndexStateStore states) {
        this.catalog = catalog;
        this.errors = errors;
        this.configurations = configurations;
        this.states = states;
    }

    /** The index SearchIndex searches and the OpenSearch query of its fleet query. */
    public record Search(FleetIndex index, Query query) {}

    /**
     * SearchIndex's index and query: {@code AWS_Things}, or {@code AWS_ThingGroups} while thing-group indexing is ON.
     *
     * @throws io.iotdm.aws.service.AwsServiceException ResourceNotFoundException for another index or one whose
     *     indexing is OFF, IndexNotReadyException while the thing index is first built, InvalidQueryException for a
     *     query AWS would refuse
     */
    public Search search(String indexName, String queryString) {
        FleetIndex index;
        if (GroupIndex.AWS_NAME.equals(indexName)) {
            // thingGroupIndexingMode OFF: AWS's index is disabled, ResourceNotFoundException
            if (!configurations.current().groupIndexOn()) {
                throw errors.resourceNotFound("Index " + indexName + " does not exist");
            }
            index = FleetIndex.THING_GROUPS;
        } else {
            index = FleetIndex.things(requireThingIndex(indexName));
        }
        return new Search(index, translate(index, queryString));
    }

    /**
     * The OpenSearch query of a fleet query on the thing index: the aggregations' (AWS documents aggregations for
     * thing indexing only, so any other index is ResourceNotFoundException here).
     */
    public Query thingQuery(String indexName, String queryString) {
        return translate(FleetIndex.things(requireThingIndex(indexName)), queryString);
    }

    /**
     * A dynamic group's query on the thing index, checked as SearchIndex checks one but under the indexing
     * configuration in force (not the one the live index was built with: a dynamic group outlives rebuilds), for the
     * percolator. Unfielded terms search the keyword fields the index has now ({@code withUnfielded}); a check alone
     * needs no field list.
     *
     * @throws io.iotdm.aws.protocol.AwsServiceException InvalidQueryException for a query AWS would refuse
     */
    public Query dynamicGroupQuery(String queryString, boolean withUnfielded) {
        IndexingSettings settings = configurations.current();
        java.util.function.Predicate<String> indexed = settings.thingIndexOn() ? settings::fieldIndexed : field -> true;
        try {
            io.iotdm.fleetquery.Query parsed = FleetQuery.parse(queryString);
            List<String> unfielded = List.of();
            if (withUnfielded && QueryTranslator.hasUnfielded(parsed)) {
                unfielded = catalog.unfieldedFields(ThingIndex.ALIAS, ThingQueryFields.INSTANCE).stream()
                        .filter(indexed)
                        .toList();
            }
            return new QueryTranslator(ThingQueryFields.INSTANCE, unfielded, indexed).translate(parsed, queryString);
        } catch (InvalidQueryException invalid) {
            throw errors.iot("InvalidQueryException", invalid.getMessage());
        }
    }

    private Query translate(FleetIndex index, String queryString) {
        try {
            io.iotdm.fleetquery.Query parsed = FleetQuery.parse(queryString);
            // The field list only when the query has an unfielded term: a query that names its fields never needs it.
            // Unfielded terms search only the fields the configuration indexes (the multi_match fallback of very
            // large field lists still uses the fixed patterns).
            List<String> unfielded = QueryTranslator.hasUnfielded(parsed)
                    ? catalog.unfieldedFields(index.alias(), index.fields()).stream()
                            .filter(index.indexed())
                            .toList()
                    : List.of();
            return new QueryTranslator(index.fields(), unfielded, index.indexed()).translate(parsed, queryString);
        } catch (InvalidQueryException invalid) {
            throw errors.iot("InvalidQueryException", invalid.getMessage());
        }
    }

    /**
     * The index field of an AWS query field that the index has under the indexing configuration in force: the fields
     * that can be aggregated or sorted on.
     */
    public Optional<QueryTranslator.Field> indexedField(String name) {
        return QueryTranslator.queryField(name).filter(known -> fieldIndexed(name));
    }

    /**
     * Whether a query or aggregation field is in the index under the indexing configuration in force (the one place
     * that decides it, for SearchIndex and the aggregations alike): {@code shadow.*} needs
     * {@code REGISTRY_AND_SHADOW}, {@code shadow.name.<s>.*} named-shadow indexing with {@code s} selected,
     * {@code connectivity.*} connectivity {@code STATUS}.
     */
    public boolean fieldIndexed(String field) {
        return requireThingIndex(ThingIndex.AWS_NAME).fieldIndexed(field);
    }

    /**
     * The configuration that the index answering queries was built under: during a rebuild the previous one, whose
     * index answers until the new one is complete.
     */
    private IndexingSettings requireThingIndex(String indexName) {
        if (!ThingIndex.AWS_NAME.equals(indexName)) {
            throw errors.resourceNotFound("Index " + indexName + " does not exist");
        }
        // thingIndexingMode OFF: AWS's index is disabled, ResourceNotFoundException
        if (!configurations.current().thingIndexOn()) {
            throw errors.resourceNotFound("Index " + indexName + " does not exist");
        }
        ThingIndexState state = states.current();
        if (state.live() == null) {
            throw errors.iot("IndexNotReadyException", "Index " + ThingIndex.AWS_NAME + " is " + state.status());
        }
        return state.live().settings();
    }

    /**
     * What to throw for an OpenSearch failure: a missing index (or alias) is AWS's IndexNotReadyException, the service
     * is still creating it; a refusal the request caused is AWS's InvalidQueryException or InvalidRequestException
     * ({@link SearchRefusals}); anything else as it is.
     */
    public RuntimeException failure(OpenSearchException e) {
        return failure(ThingIndex.AWS_NAME, e);
    }

    /** {@link #failure(OpenSearchException)} of a search on {@code indexName}. */
    public RuntimeException failure(String indexName, OpenSearchException e) {
        if (e.status() == 404) {
            return errors.iot("IndexNotReadyException", "Index " + indexName + " is not ready");
        }
        return SearchRefusals.of(e, errors)
                .<RuntimeException>map(refusal -> refusal)
                .orElse(e);
    }

    /** What to throw for a failed call to OpenSearch: a refusal the request caused as above, else unchecked as it is. */
    public RuntimeException failure(IOException e) {
        return SearchRefusals.of(e, errors)
                .<RuntimeException>map(refusal -> refusal)
                .orElseGet(() -> new UncheckedIOException(e));
    }
}
