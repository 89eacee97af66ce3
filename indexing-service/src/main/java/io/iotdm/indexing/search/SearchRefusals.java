package io.iotdm.indexing.search;

import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.aws.service.AwsErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch._types.OpenSearchException;

/**
 * OpenSearch's refusals of a search that the request itself caused (its limits on clauses, automata, buckets, result
 * windows, regular expressions, field expansion), as the AWS errors SearchIndex and the aggregations declare:
 * InvalidQueryException (400) for what the query string caused, InvalidRequestException (400) for the rest of the
 * request. Never a 500: the client can change its request, retrying it unchanged cannot help.
 *
 * <p>Recognised by the error types and reasons of the whole cause chain (a search's shard failures arrive as the root
 * causes of a {@code search_phase_execution_exception}), whatever the status: OpenSearch answers some of them (a
 * clause limit met while a shard rewrites the query) with 500. Another 4xx than these is InvalidRequestException with
 * OpenSearch's reason; 404 (no index) is the caller's.
 */
final class SearchRefusals {

    /** One kind of refusal: how to recognise it, and AWS's error for it. */
    private record Refusal(List<String> types, String reasonPart, String error, String message) {

        boolean matches(ErrorCause cause) {
            return (types.isEmpty() || types.contains(cause.type()))
                    && (reasonPart == null
                            || (cause.reason() != null && cause.reason().contains(reasonPart)));
        }
    }

    private static final String QUERY = "InvalidQueryException";
    private static final String REQUEST = "InvalidRequestException";

    private static final List<Refusal> REFUSALS = List.of(
            new Refusal(
                    List.of("too_many_clauses", "too_many_nested_clauses"),
                    null,
                    QUERY,
                    "Unable to run query, it is too complex: it expands to more clauses than the index allows"),
            new Refusal(
                    List.of("too_complex_to_determinize_exception"),
                    null,
                    QUERY,
                    "Unable to run query, it is too complex: a wildcard pattern needs more states than the index"
                            + " allows"),
            new Refusal(
                    List.of(),
                    "field expansion",
                    QUERY,
                    "Unable to run query, it is too complex: its unfielded terms search more fields than the index"
                            + " allows"),
            new Refusal(
                    List.of(),
                    "used in the Regexp Query request has exceeded the allowed maximum",
                    QUERY,
                    "Unable to run query, a pattern is longer than the index allows"),
            new Refusal(
                    List.of("too_many_buckets_exception"),
                    null,
                    REQUEST,
                    "The aggregation needs more buckets than the index allows (search.max_buckets)"),
            new Refusal(
                    List.of(),
                    "Result window is too large",
                    REQUEST,
                    "The page asked for reaches past the index's result window (index.max_result_window)"));

    private SearchRefusals() {}

    /** AWS's error for a refusal caused by the request, if this is one. */
    static Optional<AwsServiceException> of(OpenSearchException e, AwsErrors errors) {
        List<ErrorCause> causes = new ArrayList<>();
        collect(e.error(), causes);
        for (Refusal refusal : REFUSALS) {
            if (causes.stream().anyMatch(refusal::matches)) {
                return Optional.of(errors.iot(refusal.error(), refusal.message()));
            }
        }
        if (e.status() >= 400 && e.status() < 500 && e.status() != 404 && e.status() != 429) {
            ErrorCause root = causes.getLast();
            String reason = root.reason() == null ? root.type() : root.reason();
            return Optional.of(errors.iot(REQUEST, "The index refused the request: " + reason));
        }
        return Optional.empty();
    }

    /** The cause and every cause under it, depth first: the most specific last. */
    private static void collect(ErrorCause cause, List<ErrorCause> into) {
        if (cause == null) {
            return;
        }
        into.add(cause);
        cause.rootCause().forEach(root -> collect(root, into));
        collect(cause.causedBy(), into);
    }
}
