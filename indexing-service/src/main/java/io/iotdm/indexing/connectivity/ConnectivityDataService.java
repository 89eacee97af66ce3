package io.iotdm.indexing.connectivity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.Timestamps;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.indexing.index.ThingIndex;
import io.iotdm.indexing.search.FleetQueries;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch.core.GetResponse;

/**
 * GetThingConnectivityData from the fleet index: the thing's document (a real-time GET, so the latest presence event
 * indexed shows at once), its connectivity part ({@link io.iotdm.indexing.thing.ConnectivityDocuments}).
 *
 * <ul>
 *   <li>A thing with no document, or only a tombstone / a document that presence or shadow events started before the
 *       registry created it ({@code live} not true) → ResourceNotFoundException.
 *   <li>Never connected: {@code connected: false}, no timestamp, no disconnectReason (AWS shows never-connected things
 *       as disconnected, as SearchIndex does).
 *   <li>{@code timestamp}: the model's type is {@code Timestamp}, which rest-json writes in epoch seconds; the index
 *       keeps the presence event's epoch milliseconds, so the fraction carries the milliseconds.
 *   <li>Connectivity indexing not {@code STATUS} (or thing indexing OFF): AWS documents that the API is available "once
 *       you enable connectivity indexing" without naming the error; the model's closest member is
 *       InvalidRequestException, so that is the answer here.
 *   <li>The socket information of {@code includeSocketInformation} (sourceIp, ports, keepAlive, ...) is not indexed
 *       here and is left out.
 * </ul>
 */
@Singleton
public class ConnectivityDataService {

    private final OpenSearchClient client;
    private final FleetQueries queries;
    private final AwsErrors errors;

    ConnectivityDataService(OpenSearchClient client, FleetQueries queries, AwsErrors errors) {
        this.client = client;
        this.queries = queries;
        this.errors = errors;
    }

    /** The response body, blocking. */
    public ObjectNode connectivityData(String thingName) {
        if (!queries.fieldIndexed(ThingIndex.CONNECTED)) {
            throw errors.invalidRequest(
                    "Connectivity indexing is not enabled (thingConnectivityIndexingMode is not" + " STATUS)");
        }
        JsonNode source = document(thingName);
        if (source == null || !source.path(ThingIndex.LIVE).asBoolean(false)) {
            throw errors.resourceNotFound("Thing " + thingName + " cannot be found.");
        }
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.put("thingName", thingName);
        response.put("connected", source.path(ThingIndex.CONNECTED).asBoolean(false));
        JsonNode timestamp = source.path(ThingIndex.CONNECTIVITY_TIMESTAMP);
        if (timestamp.canConvertToLong()) {
            response.put("timestamp", Timestamps.epochSeconds(Instant.ofEpochMilli(timestamp.asLong())));
        }
        JsonNode reason = source.path(ThingIndex.DISCONNECT_REASON);
        if (reason.isTextual()) {
            response.put("disconnectReason", reason.asText());
        }
        return response;
    }

    private JsonNode document(String thingName) {
        try {
            GetResponse<JsonNode> response =
                    client.get(get -> get.index(ThingIndex.ALIAS).id(thingName), JsonNode.class);
            return response.found() ? response.source() : null;
        } catch (OpenSearchException e) {
            throw queries.failure(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
