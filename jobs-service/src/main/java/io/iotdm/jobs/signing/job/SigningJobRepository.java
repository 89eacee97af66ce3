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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
     * Writes an ended job of StartSigningJob.
     *
     * @param clientRequestToken what the table keeps of StartSigningJob's token
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

    /**
     * Writes SignPayload's jobs in one statement, so in one transaction and one commit; each only if its profile is
     * still Active at the version it signed with (the profile may have been read from memory: SigningProfiles
     * remembered). The jobs keep their order in {@code creation_order}.
     *
     * @return the ids of the jobs written: a job missing from it was not written, as its profile changed
     */
    Uni<Set<String>> insertPayloadJobs(List<SigningJob> jobs) {
        int count = jobs.size();
        String[] jobIds = new String[count];
        String[] profileNames = new String[count];
        String[] profileVersions = new String[count];
        String[] platformIds = new String[count];
        String[] certificateArns = new String[count];
        String[] overrides = new String[count];
        String[] signingParameters = new String[count];
        String[] requestedBy = new String[count];
        OffsetDateTime[] createdAt = new OffsetDateTime[count];
        OffsetDateTime[] completedAt = new OffsetDateTime[count];
        OffsetDateTime[] signatureExpiresAt = new OffsetDateTime[count];
        for (int i = 0; i < count; i++) {
            SigningJob job = jobs.get(i);
            jobIds[i] = job.jobId();
            profileNames[i] = job.profileName();
            profileVersions[i] = job.profileVersion();
            platformIds[i] = job.platformId();
            certificateArns[i] = job.certificateArn();
            overrides[i] = SignerJson.text(job.overrides());
            signingParameters[i] = SignerJson.text(job.signingParameters());
            requestedBy[i] = job.requestedBy();
            createdAt[i] = utc(job.createdAt());
            completedAt[i] = utc(job.completedAt());
            signatureExpiresAt[i] = utc(job.signatureExpiresAt());
        }
        return pool.preparedQuery("INSERT INTO signing_job (job_id, profile_name, profile_version, platform_id,"
                        + " certificate_arn, overrides, signing_parameters, status, requested_by, created_at,"
                        + " completed_at, signature_expires_at)"
                        + " SELECT j.job_id, j.profile_name, j.profile_version, j.platform_id, j.certificate_arn,"
                        + " j.overrides::jsonb, j.signing_parameters::jsonb, 'Succeeded', j.requested_by, j.created_at,"
                        + " j.completed_at, j.signature_expires_at"
                        + " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],"
                        + " $7::text[], $8::text[], $9::timestamptz[], $10::timestamptz[], $11::timestamptz[])"
                        + " WITH ORDINALITY AS j(job_id, profile_name, profile_version, platform_id, certificate_arn,"
                        + " overrides, signing_parameters, requested_by, created_at, completed_at,"
                        + " signature_expires_at, arrival)"
                        + " WHERE EXISTS (SELECT 1 FROM signing_profile p WHERE p.profile_name = j.profile_name"
                        + " AND p.profile_version = j.profile_version AND p.status = 'Active')"
                        + " ORDER BY j.arrival RETURNING job_id")
                .execute(Tuple.tuple()
                        .addArrayOfString(jobIds)
                        .addArrayOfString(profileNames)
                        .addArrayOfString(profileVersions)
                        .addArrayOfString(platformIds)
                        .addArrayOfString(certificateArns)
                        .addArrayOfString(overrides)
                        .addArrayOfString(signingParameters)
                        .addArrayOfString(requestedBy)
                        .addArrayOfOffsetDateTime(createdAt)
                        .addArrayOfOffsetDateTime(completedAt)
                        .addArrayOfOffsetDateTime(signatureExpiresAt))
                .map(rows -> {
                    Set<String> written = new HashSet<>();
                    rows.forEach(row -> written.add(row.getString("job_id")));
                    return written;
                });
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
