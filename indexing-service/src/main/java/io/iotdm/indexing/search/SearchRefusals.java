package io.iotdm.indexing.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.aws.service.AwsErrors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.transport.httpclient5.ResponseException;

/**
 * OpenSearch's refusals of a search that the request itself caused (its limits on clauses, automata, buckets, result
 * windows, regular expressions, field expansion), as the AWS errors SearchIndex and the aggregations declare:
 * InvalidQueryException (400) for what the query string caused, InvalidRequestException (400) for the rest of the
 * request. Never a 500: the client can change its request, retrying it unchanged cannot help.
 *
 * <p>Recognised by the error types and reasons of the whole cause chain (a search's shard failures arrive as the root
 * causes of a {@code search_phase_execution_exception}), whatever the status: OpenSearch answers some of them (a
 * clause limit met while a shard rewrites the query) with 500, a reduce that failed for too many buckets with 503,
 * which the client hands over as a {@link ResponseException} rather than an {@link OpenSearchException}. Another 4xx than these is InvalidRequestException with
 * OpenSearch's reason; 404 (no index) is the caller's.
 */
final class SearchRefusals {

    /** One kind of refusal: how to recognise it, and AWS's error for it. */
    private record Refusal(List<String> types, String reasonPart, String error, String message) {

        boolean matches(Cause cause) {
            return (types.isEmpty() || types.contains(cause.type()))
                    && (reasonPart == null
                            || (cause.reason() != null && cause.reason().contains(reasonPart)));
        }
    }

    private static final JsonMapper JSON = new JsonMapper();
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
        List<Cause> causes = new ArrayList<>();
        collect(e.error(), causes);
        return of(e.status(), causes, errors);
    }

    /**
     * The same for an answer the client did not read as an error ({@code 502}-{@code 504}, as OpenSearch answers a
     * search whose reduce failed, e.g. for too many buckets): its body, which the exception's message ends with.
     */
    static Optional<AwsServiceException> of(IOException e, AwsErrors errors) {
        if (!(e instanceof ResponseException response)
                || e.getMessage() == null
                || !e.getMessage().contains("{")) {
            return Optional.empty();
        }
        String message = e.getMessage();
        JsonNode error;
        try {
            error = JSON.readTree(message.substring(message.indexOf('{'))).path("error");
        } catch (JsonProcessingException unreadable) {
            return Optional.empty();
        }
        List<Cause> causes = new ArrayList<>();
        collect(error, causes);
        return causes.isEmpty() ? Optional.empty() : of(response.status(), causes, errors);
    }

    private static Optional<AwsServiceException> of(int status, List<Cause> causes, AwsErrors errors) {
        for (Refusal refusal : REFUSALS) {
            if (causes.stream().anyMatch(refusal::matches)) {
                return Optional.of(errors.iot(refusal.error(), refusal.message()));
            }
        }
        if (status >= 400 && status < 500 && status != 404 && status != 429) {
            Cause root = causes.getLast();
            String reason = root.reason() == null ? root.type() : root.reason();
            return Optional.of(errors.iot(REQUEST, "The index refused the request: " + reason));
        }
        return Optional.empty();
    }

    /** An error's type and reason, at any depth of its causes. */
    private record Cause(String type, String reason) {}

    /** The cause and every cause under it, depth first: the most specific last. */
    private static void collect(ErrorCause cause, List<Cause> into) {
        if (cause == null) {
            return;
        }
        into.add(new Cause(cause.type(), cause.reason()));
        cause.rootCause().forEach(root -> collect(root, into));
        collect(cause.causedBy(), into);
    }

    /** {@link #collect(ErrorCause, List)} of an error as OpenSearch writes it in JSON. */
    private static void collect(JsonNode cause, List<Cause> into) {
        if (!cause.isObject()) {
            return;
        }
        into.add(new Cause(cause.path("type").asText(null), cause.path("reason").asText(null)));
        cause.path("root_cause").forEach(root -> collect(root, into));
        collect(cause.path("caused_by"), into);
    }
}
