package io.iotdm.jobs.signing.job;

import io.iotdm.jobs.signing.SignerJson;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The {@code signing_job} table. */
@Singleton
class SigningJobRepository {

    private static final String COLUMNS = "job_id, creation_order, profile_name, profile_version, platform_id,"
            + " certificate_arn, overrides::text, signing_parameters::text, source_bucket, source_key, source_version,"
            + " signed_bucket, signed_key, status, status_reason, requested_by, created_at, completed_at,"
            + " signature_expires_at";

    /** ListSigningJobs' filters; each {@code null} when absent. */
    record Filter(
            SigningJob.Status status,
            String platformId,
            String requestedBy,
            Instant signatureExpiresBefore,
            Instant signatureExpiresAfter) {}

    /** A job and its place in the listing (the keyset of the pages). */
    record Listed(SigningJob job, long creationOrder) {}

    private final Pool pool;

    SigningJobRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Writes an ended job.
     *
     * @param clientRequestToken what the table keeps of StartSigningJob's token, {@code null} for SignPayload
     * @return whether it was written: false when a job of the same token was written first
     */
    Uni<Boolean> insert(SigningJob job, String clientRequestToken) {
        SigningJob.S3Object source = job.source();
        SigningJob.S3Object signed = job.signedObject();
        return pool.preparedQuery("INSERT INTO signing_job (job_id, client_request_token, profile_name,"
                        + " profile_version, platform_id, certificate_arn, overrides, signing_parameters,"
                        + " source_bucket, source_key, source_version, signed_bucket, signed_key, status,"
                        + " status_reason, requested_by, created_at, completed_at, signature_expires_at)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10, $11, $12, $13, $14, $15,"
                        + " $16, $17, $18, $19) ON CONFLICT (client_request_token) DO NOTHING")
                .execute(Tuple.tuple()
                        .addString(job.jobId())
                        .addString(clientRequestToken)
                        .addString(job.profileName())
                        .addString(job.profileVersion())
                        .addString(job.platformId())
                        .addString(job.certificateArn())
                        .addString(SignerJson.text(job.overrides()))
                        .addString(SignerJson.text(job.signingParameters()))
                        .addString(source == null ? null : source.bucketName())
                        .addString(source == null ? null : source.key())
                        .addString(source == null ? null : source.version())
                        .addString(signed == null ? null : signed.bucketName())
                        .addString(signed == null ? null : signed.key())
                        .addString(job.status().name())
                        .addString(job.statusReason())
                        .addString(job.requestedBy())
                        .addOffsetDateTime(utc(job.createdAt()))
                        .addOffsetDateTime(utc(job.completedAt()))
                        .addOffsetDateTime(utc(job.signatureExpiresAt())))
                .map(rows -> rows.rowCount() == 1);
    }

    /** @return the job, or {@code null} */
    Uni<SigningJob> find(String jobId) {
        return one("job_id", jobId);
    }

    /** @return the job StartSigningJob wrote for this token, or {@code null} */
    Uni<SigningJob> findByToken(String clientRequestToken) {
        return one("client_request_token", clientRequestToken);
    }

    /** Jobs newest first, before {@code beforeOrder} ({@code null}: from the newest), at most {@code limit}. */
    Uni<List<Listed>> list(Filter filter, Long beforeOrder, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM signing_job WHERE ($1::text IS NULL OR status = $1)"
                        + " AND ($2::text IS NULL OR platform_id = $2) AND ($3::text IS NULL OR requested_by = $3)"
                        + " AND ($4::timestamptz IS NULL OR signature_expires_at < $4)"
                        + " AND ($5::timestamptz IS NULL OR signature_expires_at > $5)"
                        + " AND ($6::bigint IS NULL OR creation_order < $6) ORDER BY creation_order DESC LIMIT $7")
                .execute(Tuple.tuple()
                        .addString(
                                filter.status() == null ? null : filter.status().name())
                        .addString(filter.platformId())
                        .addString(filter.requestedBy())
                        .addOffsetDateTime(utc(filter.signatureExpiresBefore()))
                        .addOffsetDateTime(utc(filter.signatureExpiresAfter()))
                        .addLong(beforeOrder)
                        .addInteger(limit))
                .map(rows -> {
                    List<Listed> jobs = new ArrayList<>();
                    rows.forEach(row -> jobs.add(new Listed(job(row), row.getLong("creation_order"))));
                    return jobs;
                });
    }

    private Uni<SigningJob> one(String column, String value) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM signing_job WHERE " + column + " = $1")
                .execute(Tuple.of(value))
                .map(rows -> {
                    RowIterator<Row> found = rows.iterator();
                    return found.hasNext() ? job(found.next()) : null;
                });
    }

    private static SigningJob job(Row row) {
        String sourceBucket = row.getString("source_bucket");
        String signedBucket = row.getString("signed_bucket");
        return new SigningJob(
                row.getString("job_id"),
                row.getString("profile_name"),
                row.getString("profile_version"),
                row.getString("platform_id"),
                row.getString("certificate_arn"),
                SignerJson.node(row.getString("overrides")),
                SignerJson.node(row.getString("signing_parameters")),
                sourceBucket == null
                        ? null
                        : new SigningJob.S3Object(
                                sourceBucket, row.getString("source_key"), row.getString("source_version")),
                signedBucket == null ? null : new SigningJob.S3Object(signedBucket, row.getString("signed_key"), null),
                SigningJob.Status.valueOf(row.getString("status")),
                row.getString("status_reason"),
                row.getString("requested_by"),
                instant(row, "created_at"),
                instant(row, "completed_at"),
                instant(row, "signature_expires_at"));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
