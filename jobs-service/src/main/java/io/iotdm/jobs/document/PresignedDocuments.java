package io.iotdm.jobs.document;

import io.iotdm.jobs.JobsConfig;
import io.iotdm.jobs.store.DeviceDocuments;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Job documents as devices get them (docs/aws-behaviour.md §5.22): each {@code ${aws:iot:s3-presigned-url:...}} is
 * replaced by a presigned GET URL made at that moment, valid for the job's {@code presignedUrlConfig.expiresInSec}
 * (else {@code iotdm.jobs.s3.presigned-url-expiry}). A document without placeholders is answered as stored, with no
 * query.
 */
@ApplicationScoped
class PresignedDocuments implements DeviceDocuments {

    private final PresignedUrls urls;
    private final Duration defaultExpiry;

    PresignedDocuments(PresignedUrls urls, JobsConfig config) {
        this.urls = urls;
        this.defaultExpiry = config.s3().presignedUrlExpiry();
    }

    @Override
    public Uni<String> forDevice(SqlClient client, String jobId, String document) {
        if (!PresignedUrlPlaceholders.present(document)) {
            return Uni.createFrom().item(document);
        }
        return PresignedUrlConfig.find(client, jobId).map(config -> {
            Duration expiry = config == null || config.expiresInSec() == null
                    ? defaultExpiry
                    : Duration.ofSeconds(config.expiresInSec());
            return PresignedUrlPlaceholders.replace(document, object -> urls.get(object, expiry));
        });
    }
}
