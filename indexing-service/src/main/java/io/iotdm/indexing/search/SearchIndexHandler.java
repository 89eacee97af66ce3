package io.iotdm.indexing.search;

import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.indexing.index.ThingIndex;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/**
 * SearchIndex, {@code POST /indices/search}. {@code queryVersion} is accepted and ignored (there is one version).
 * Beyond AWS, opt-in: {@value SearchSort#HEADER}, {@value #TOTAL_COUNT} and {@value ReadAfter#HEADER}.
 */
@Singleton
class SearchIndexHandler extends AwsOperationHandler {

    /**
     * "This maximum number cannot exceed 100" (API reference). The model's SearchQueryMaxResults has a minimum of 1
     * only, so the route's validation lets 101 through and the limit is checked here, in the model's wording.
     */
    static final int MAX_RESULTS = 100;

    /** AWS documents no default page size; its maximum serves a client that sets none. */
    static final int DEFAULT_MAX_RESULTS = MAX_RESULTS;

    /** {@code true}: the answer carries the number of things the whole query matches in this header. */
    static final String TOTAL_COUNT = "iotdm-total-count";

    private final SearchService search;
    private final AwsErrors errors;
    private final ExtensionHeaders headers;
    private final ReadAfterWaiter readAfter;

    SearchIndexHandler(SearchService search, AwsErrors errors, ExtensionHeaders headers, ReadAfterWaiter readAfter) {
        super("iot", "SearchIndex");
        this.search = search;
        this.errors = errors;
        this.headers = headers;
        this.readAfter = readAfter;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        int maxResults = request.pageSize("maxResults", DEFAULT_MAX_RESULTS);
        if (maxResults > MAX_RESULTS) {
            return Uni.createFrom()
                    .failure(errors.invalidRequest("1 validation error detected: Value '" + maxResults
                            + "' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to "
                            + MAX_RESULTS));
        }
        SearchSort sort = headers.read(request, SearchSort.HEADER, SearchSort::parse, SearchSort.AWS_ORDER);
        boolean countTotal = headers.read(request, TOTAL_COUNT, ExtensionHeaders::flag, false);
        return readAfter.answer(request, () -> search.search(
                        request.string("indexName", ThingIndex.AWS_NAME),
                        request.string("queryString"),
                        request.string("nextToken"),
                        maxResults,
                        sort,
                        countTotal)
                .map(found -> {
                    AwsResponse answer = AwsResponse.json(found.page().json(found.member(), document -> document));
                    return found.totalCount().isPresent()
                            ? answer.withExtension(
                                    TOTAL_COUNT,
                                    Long.toString(found.totalCount().getAsLong()))
                            : answer;
                }));
    }
}
