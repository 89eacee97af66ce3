package io.iotdm.indexing.search;

import io.iotdm.aws.service.AwsErrors;
import io.iotdm.fleetquery.FleetQuery;
import io.iotdm.fleetquery.InvalidQueryException;
import io.iotdm.indexing.config.IndexingConfigurationService;
import io.iotdm.indexing.config.IndexingSettings;
import io.iotdm.indexing.index.ThingIndex;
import jakarta.inject.Singleton;
import java.util.List;
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

    FleetQueries(FieldCatalog catalog, AwsErrors errors, IndexingConfigurationService configurations) {
        this.catalog = catalog;
        this.errors = errors;
        this.configurations = configurations;
    }

    /**
     * The OpenSearch query of a fleet query on {@code indexName}.
     *
     * @throws io.iotdm.aws.service.AwsServiceException ResourceNotFoundException for an index other than
     *     {@code AWS_Things}, InvalidQueryException for a query AWS would refuse
     */
    public Query thingQuery(String indexName, String queryString) {
        IndexingSettings settings = requireThingIndex(indexName);
        try {
            io.iotdm.fleetquery.Query parsed = FleetQuery.parse(queryString);
            // The field list only when the query has an unfielded term: a query that names its fields never needs it.
            // Unfielded terms search only the fields the configuration indexes (the multi_match fallback of very
            // large field lists still uses the fixed patterns).
            List<String> unfielded = QueryTranslator.hasUnfielded(parsed)
                    ? catalog.unfieldedFields().stream()
                            .filter(settings::fieldIndexed)
                            .toList()
                    : List.of();
            return new QueryTranslator(unfielded, settings::fieldIndexed).translate(parsed, queryString);
        } catch (InvalidQueryException invalid) {
            throw errors.iot("InvalidQueryException", invalid.getMessage());
        }
    }

    /**
     * Whether a query or aggregation field is in the index under the indexing configuration in force (the one place
     * that decides it, for SearchIndex and the aggregations alike): {@code shadow.*} needs
     * {@code REGISTRY_AND_SHADOW}, {@code shadow.name.<s>.*} named-shadow indexing with {@code s} selected,
     * {@code connectivity.*} connectivity {@code STATUS}. The configuration governs queries only: documents indexed
     * under another configuration keep their fields until the rebuild (a later step).
     */
    public boolean fieldIndexed(String field) {
        return configurations.current().fieldIndexed(field);
    }

    private IndexingSettings requireThingIndex(String indexName) {
        // Thing-group indexing is not built: AWS answers a disabled index (thingGroupIndexingMode OFF) with
        // ResourceNotFoundException, and that is the state AWS_ThingGroups is always in here, whatever its mode.
        if (!ThingIndex.AWS_NAME.equals(indexName)) {
            throw errors.resourceNotFound("Index " + indexName + " does not exist");
        }
        IndexingSettings settings = configurations.current();
        // thingIndexingMode OFF: AWS's index is disabled, ResourceNotFoundException (the documents stay here)
        if (!settings.thingIndexOn()) {
            throw errors.resourceNotFound("Index " + indexName + " does not exist");
        }
        return settings;
    }

    /**
     * What to throw for an OpenSearch failure: a missing index (or alias) is AWS's IndexNotReadyException, the service
     * is still creating it; anything else as it is.
     */
    public RuntimeException failure(OpenSearchException e) {
        if (e.status() == 404) {
            return errors.iot("IndexNotReadyException", "Index " + ThingIndex.AWS_NAME + " is not ready");
        }
        return e;
    }
}
