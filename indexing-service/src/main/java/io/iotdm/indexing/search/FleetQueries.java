package io.iotdm.indexing.search;

import io.iotdm.aws.service.AwsErrors;
import io.iotdm.fleetquery.FleetQuery;
import io.iotdm.fleetquery.InvalidQueryException;
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

    FleetQueries(FieldCatalog catalog, AwsErrors errors) {
        this.catalog = catalog;
        this.errors = errors;
    }

    /**
     * The OpenSearch query of a fleet query on {@code indexName}.
     *
     * @throws io.iotdm.aws.service.AwsServiceException ResourceNotFoundException for an index other than
     *     {@code AWS_Things}, InvalidQueryException for a query AWS would refuse
     */
    public Query thingQuery(String indexName, String queryString) {
        requireThingIndex(indexName);
        try {
            io.iotdm.fleetquery.Query parsed = FleetQuery.parse(queryString);
            // The field list only when the query has an unfielded term: a query that names its fields never needs it.
            List<String> unfielded = QueryTranslator.hasUnfielded(parsed) ? catalog.unfieldedFields() : List.of();
            return new QueryTranslator(unfielded).translate(parsed, queryString);
        } catch (InvalidQueryException invalid) {
            throw errors.iot("InvalidQueryException", invalid.getMessage());
        }
    }

    private void requireThingIndex(String indexName) {
        // Thing-group indexing is not built: AWS answers a disabled index (thingGroupIndexingMode OFF) with
        // ResourceNotFoundException, and that is the state AWS_ThingGroups is always in here.
        if (!ThingIndex.AWS_NAME.equals(indexName)) {
            throw errors.resourceNotFound("Index " + indexName + " does not exist");
        }
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
