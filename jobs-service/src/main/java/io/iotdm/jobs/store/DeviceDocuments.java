package io.iotdm.jobs.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * A job's document as a device gets it, its placeholders replaced (docs/aws-behaviour.md §5.22); implemented by the
 * {@code document} package, which depends on this one.
 */
public interface DeviceDocuments {

    /** {@code document}, the stored document of job {@code jobId}, as a device gets it now. */
    Uni<String> forDevice(SqlClient client, String jobId, String document);
}
