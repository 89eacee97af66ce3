package io.iotdm.jobs.document;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A job's {@code presignedUrlConfig} and its row in {@code job_presigned_url_config}.
 *
 * @param expiresInSec {@code null} when not given: {@code iotdm.jobs.s3.presigned-url-expiry} applies
 */
public record PresignedUrlConfig(String roleArn, Long expiresInSec) {

    /** As DescribeJob renders it. */
    public ObjectNode json() {
        ObjectNode config = JsonNodeFactory.instance.objectNode().put("roleArn", roleArn);
        if (expiresInSec != null) {
            config.put("expiresInSec", expiresInSec);
        }
        return config;
    }

    Uni<Void> insert(SqlClient transaction, String jobId) {
        return transaction
                .preparedQuery("INSERT INTO job_presigned_url_config (job_id, role_arn, expires_in_sec) VALUES ($1,"
                        + " $2, $3)")
                .execute(Tuple.of(jobId, roleArn, expiresInSec))
                .replaceWithVoid();
    }

    /** @return the job's configuration, or {@code null} */
    public static Uni<PresignedUrlConfig> find(SqlClient client, String jobId) {
        return client.preparedQuery("SELECT role_arn, expires_in_sec FROM job_presigned_url_config WHERE job_id = $1")
                .execute(Tuple.of(jobId))
                .map(rows -> {
                    RowIterator<Row> found = rows.iterator();
                    if (!found.hasNext()) {
                        return null;
                    }
                    Row row = found.next();
                    return new PresignedUrlConfig(row.getString(0), row.getLong(1));
                });
    }
}
