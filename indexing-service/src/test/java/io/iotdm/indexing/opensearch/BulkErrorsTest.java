package io.iotdm.indexing.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch._types.ErrorCause;

class BulkErrorsTest {

    private static ErrorCause error(String type) {
        return ErrorCause.of(e -> e.type(type).reason("test"));
    }

    @Test
    void documentErrorsAreSkippedForGood() {
        assertThat(BulkErrors.isPermanent(400, error("mapper_parsing_exception")))
                .isTrue();
        assertThat(BulkErrors.isPermanent(400, error("illegal_argument_exception")))
                .isTrue();
        assertThat(BulkErrors.isPermanent(400, error("script_exception"))).isTrue();
    }

    @Test
    void loadOutagesConflictsAndBlocksAreRetried() {
        assertThat(BulkErrors.isPermanent(429, error("rejected_execution_exception")))
                .isFalse();
        assertThat(BulkErrors.isPermanent(503, error("unavailable_shards_exception")))
                .isFalse();
        assertThat(BulkErrors.isPermanent(500, error("script_exception"))).isFalse();
        assertThat(BulkErrors.isPermanent(409, error("version_conflict_engine_exception")))
                .isFalse();
        assertThat(BulkErrors.isPermanent(404, error("index_not_found_exception")))
                .isFalse();
        assertThat(BulkErrors.isPermanent(403, error("cluster_block_exception")))
                .isFalse();
        assertThat(BulkErrors.isPermanent(429, error("cluster_block_exception")))
                .isFalse();
    }
}
