package io.iotdm.indexing.opensearch;

import java.util.Set;
import org.opensearch.client.opensearch._types.ErrorCause;

/** Which failures of a bulk item are for good (the item itself is wrong) and which pass (retry the item). */
public final class BulkErrors {

    /** Errors that name the request, not the moment: retrying cannot help. Anything else is retried. */
    private static final Set<String> PERMANENT_ERRORS = Set.of(
            "mapper_parsing_exception",
            "document_parsing_exception",
            "strict_dynamic_mapping_exception",
            "illegal_argument_exception",
            "script_exception",
            "parsing_exception",
            "x_content_parse_exception");

    private BulkErrors() {}

    /**
     * 429, 5xx, 404 (index or alias missing), 409 (write conflicts beyond retry_on_conflict) and blocks (a full disk
     * makes the index read-only) pass; a 4xx about the document itself does not.
     */
    public static boolean isPermanent(int status, ErrorCause error) {
        if (status == 429 || status >= 500 || status == 404 || status == 409 || status == 408) {
            return false;
        }
        if ("cluster_block_exception".equals(error.type())) {
            return false;
        }
        return status >= 400 && (PERMANENT_ERRORS.contains(error.type()) || status == 400);
    }
}
