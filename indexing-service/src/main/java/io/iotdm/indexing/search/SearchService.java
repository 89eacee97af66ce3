package io.iotdm.indexing.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.PaginationTokens;
import io.iotdm.aws.service.Page;
import io.iotdm.indexing.index.ThingIndex;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;

/**
 * SearchIndex on the thing index: the fleet query translated ({@link QueryTranslator}), the live things through the
 * alias, in thing-name order, one page at a time with {@code search_after} on the thing name (unique, a keyword: a
 * stable order however the index changes between pages).
 */
@Singleton
public class SearchService {

    static final String OPERATION = "SearchIndex";

    private static final Logger LOG = Logger.getLogger(SearchService.class);
    private static final JsonMapper JSON = new JsonMapper();

    /** What a search never needs back: the indexed copies of the shadows, the numeric twins, the bookkeeping. */
    private static final List<String> SOURCE_EXCLUDES =
            List.of("shadow.*", ThingIndex.NUMERIC + "*", "sync.*", ThingIndex.LIVE, "registry.*");

    private final OpenSearchClient client;
    private final FleetQueries queries;
    private final PaginationTokens tokens;

    SearchService(OpenSearchClient client, FleetQueries queries, PaginationTokens tokens) {
        this.client = client;
        this.queries = queries;
        this.tokens = tokens;
    }

    /** One page of things. The OpenSearch calls block: they run on a worker thread. */
    public Uni<Page<ObjectNode>> search(String indexName, String queryString, String nextToken, int maxResults) {
        return Uni.createFrom()
                .item(() -> searchBlocking(indexName, queryString, nextToken, maxResults))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Page<ObjectNode> searchBlocking(String indexName, String queryString, String nextToken, int maxResults) {
        Query query = queries.thingQuery(indexName, queryString);
        Map<String, String> parameters = Map.of("indexName", indexName, "queryString", queryString);
        String after = nextToken == null ? null : tokens.cursor(OPERATION, parameters, nextToken);
        List<ObjectNode> found = fetch(query, after, maxResults + 1);
        return Page.of(
                found,
                maxResults,
                last -> tokens.issue(
                        OPERATION, parameters, last.path("thingName").asText()));
    }

    private List<ObjectNode> fetch(Query query, String after, int size) {
        try {
            SearchResponse<ObjectNode> response = client.search(
                    search -> {
                        search.index(ThingIndex.ALIAS)
                                .query(query)
                                .size(size)
                                .trackTotalHits(track -> track.enabled(false))
                                .sort(sort -> sort.field(field ->
                                        field.field(ThingIndex.THING_NAME).order(SortOrder.Asc)))
                                .source(source -> source.filter(filter -> filter.excludes(SOURCE_EXCLUDES)));
                        if (after != null) {
                            search.searchAfter(FieldValue.of(after));
                        }
                        return search;
                    },
                    ObjectNode.class);
            List<ObjectNode> things = new ArrayList<>();
            for (Hit<ObjectNode> hit : response.hits().hits()) {
                things.add(render(hit.source()));
            }
            return things;
        } catch (OpenSearchException e) {
            throw queries.failure(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A ThingDocument from the stored document: the registry fields, {@code attributes} rebuilt from the
     * {@code attributes.<a>} fields, {@code shadow} as JSON text (the classic shadow's members plus {@code name}
     * with the named shadows), {@code connectivity} as far as the index knows it.
     */
    static ObjectNode render(JsonNode source) {
        ObjectNode thing = JsonNodeFactory.instance.objectNode();
        copyText(source, ThingIndex.THING_NAME, thing);
        copyText(source, ThingIndex.THING_ID, thing);
        copyText(source, ThingIndex.THING_TYPE_NAME, thing);
        JsonNode groups = source.path(ThingIndex.THING_GROUP_NAMES);
        if (groups.isArray() && !groups.isEmpty()) {
            thing.set(ThingIndex.THING_GROUP_NAMES, groups.deepCopy());
        } else if (groups.isTextual()) {
            thing.putArray(ThingIndex.THING_GROUP_NAMES).add(groups.asText());
        }
        ObjectNode attributes = thing.putObject("attributes");
        ObjectNode shadow = JsonNodeFactory.instance.objectNode();
        ObjectNode named = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : source.properties()) {
            String name = field.getKey();
            if (name.startsWith(ThingIndex.ATTRIBUTES)) {
                attributes.put(
                        name.substring(ThingIndex.ATTRIBUTES.length()),
                        field.getValue().asText());
            } else if (name.equals(ThingIndex.SHADOW_DOCUMENT_CLASSIC)) {
                JsonNode classic = parse(field.getValue());
                if (classic.isObject()) {
                    // the classic members first, whatever order the stored fields come in
                    ObjectNode merged = ((ObjectNode) classic).deepCopy();
                    merged.setAll(shadow);
                    shadow = merged;
                }
            } else if (name.startsWith(ThingIndex.SHADOW_DOCUMENTS_NAMED)) {
                JsonNode document = parse(field.getValue());
                if (document.isObject()) {
                    named.set(name.substring(ThingIndex.SHADOW_DOCUMENTS_NAMED.length()), document);
                }
            }
        }
        if (!named.isEmpty()) {
            shadow.set("name", named);
        }
        if (!shadow.isEmpty()) {
            thing.put("shadow", shadow.toString());
        }
        ObjectNode connectivity = thing.putObject("connectivity");
        connectivity.put("connected", source.path(ThingIndex.CONNECTED).asBoolean(false));
        if (source.path("connectivity.timestamp").canConvertToLong()) {
            connectivity.put("timestamp", source.path("connectivity.timestamp").asLong());
        }
        copyText(source, "connectivity.disconnectReason", "disconnectReason", connectivity);
        return thing;
    }

    private static void copyText(JsonNode source, String field, ObjectNode target) {
        copyText(source, field, field, target);
    }

    private static void copyText(JsonNode source, String field, String member, ObjectNode target) {
        JsonNode value = source.get(field);
        if (value != null && !value.isNull() && !value.asText().isEmpty()) {
            target.put(member, value.asText());
        }
    }

    private static JsonNode parse(JsonNode stored) {
        if (stored.isObject()) {
            return stored;
        }
        try {
            return JSON.readTree(stored.asText());
        } catch (IOException e) {
            LOG.warnf("An unreadable stored shadow document: %s", e.getMessage());
            return JsonNodeFactory.instance.missingNode();
        }
    }
}
