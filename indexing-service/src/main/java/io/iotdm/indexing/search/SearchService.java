package io.iotdm.indexing.search;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.PaginationTokens;
import io.iotdm.aws.service.Page;
import io.iotdm.indexing.index.ThingIndex;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;
import org.opensearch.client.opensearch.core.search.HitsMetadata;

/**
 * SearchIndex on a fleet index ({@link FleetIndex}: things or thing groups): the fleet query translated
 * ({@link QueryTranslator}), the live documents through the alias, in name order (AWS's) or the order of the
 * {@value SearchSort#HEADER} extension ({@link SearchOrder}), one page at a time with {@code search_after} on the
 * order's sort values, which end with the name (unique, a keyword: a stable order however the index changes between
 * pages).
 */
@Singleton
public class SearchService {

    static final String OPERATION = "SearchIndex";

    /** What a search never needs back: the indexed copies of the shadows, the numeric twins, the bookkeeping. */
    private static final List<String> SOURCE_EXCLUDES =
            List.of("shadow.*", ThingIndex.NUMERIC + "*", "sync.*", ThingIndex.LIVE, "registry.*");

    /**
     * One page of documents, and the number of documents the whole query matches when it was asked for.
     *
     * @param member     the output member the documents go in ({@code things}, {@code thingGroups})
     * @param totalCount present when the search counted the matches ({@code iotdm-total-count})
     */
    public record Found(String member, Page<ObjectNode> page, OptionalLong totalCount) {}

    private final OpenSearchClient client;
    private final FleetQueries queries;
    private final PaginationTokens tokens;
    private final ExtensionHeaders headers;

    SearchService(OpenSearchClient client, FleetQueries queries, PaginationTokens tokens, ExtensionHeaders headers) {
        this.client = client;
        this.queries = queries;
        this.tokens = tokens;
        this.headers = headers;
    }

    /**
     * One page of things or thing groups. The OpenSearch calls block: they run on a worker thread.
     *
     * @param countTotal whether to count every match exactly, which costs OpenSearch more than a page
     */
    public Uni<Found> search(
            String indexName,
            String queryString,
            String nextToken,
            int maxResults,
            SearchSort sort,
            boolean countTotal) {
        return Uni.createFrom()
                .item(() -> searchBlocking(indexName, queryString, nextToken, maxResults, sort, countTotal))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Found searchBlocking(
            String indexName,
            String queryString,
            String nextToken,
            int maxResults,
            SearchSort sort,
            boolean countTotal) {
        FleetQueries.Search search = queries.search(indexName, queryString);
        FleetIndex index = search.index();
        SearchOrder order = SearchOrder.of(sort, index.nameField(), name -> sortField(index, name));
        Map<String, String> parameters = new HashMap<>(Map.of("indexName", indexName, "queryString", queryString));
        if (!sort.isAwsOrder()) {
            // a token resumes the order it was issued in, and only that one
            parameters.put("sort", sort.canonical());
        }
        List<FieldValue> after =
                nextToken == null ? null : order.searchAfter(tokens.cursor(OPERATION, parameters, nextToken));
        HitsMetadata<ObjectNode> hits = fetch(index, search.query(), order, after, maxResults + 1, countTotal);
        Page<Hit<ObjectNode>> page = Page.of(
                hits.hits(), maxResults, last -> tokens.issue(OPERATION, parameters, order.cursor(last.sort())));
        List<ObjectNode> documents = page.items().stream()
                .map(hit -> index.render().apply(hit.source()))
                .toList();
        return new Found(
                index.outputMember(),
                new Page<>(documents, page.nextToken()),
                countTotal ? OptionalLong.of(hits.total().value()) : OptionalLong.empty());
    }

    private QueryTranslator.Field sortField(FleetIndex index, String name) {
        return index.indexedField(name)
                .orElseThrow(() -> headers.invalid(SearchSort.HEADER, name + " is not an indexed field"));
    }

    private HitsMetadata<ObjectNode> fetch(
            FleetIndex index, Query query, SearchOrder order, List<FieldValue> after, int size, boolean countTotal) {
        try {
            SearchResponse<ObjectNode> response = client.search(
                    search -> {
                        search.index(index.alias())
                                .query(query)
                                .size(size)
                                .trackTotalHits(track -> track.enabled(countTotal || !order.mayPrune()))
                                .sort(order.clauses())
                                .source(source -> source.filter(filter -> filter.excludes(SOURCE_EXCLUDES)));
                        if (after != null) {
                            search.searchAfter(after);
                        }
                        return search;
                    },
                    ObjectNode.class);
            return response.hits();
        } catch (OpenSearchException e) {
            throw queries.failure(index.awsName(), e);
        } catch (IOException e) {
            throw queries.failure(e);
        }
    }
}
