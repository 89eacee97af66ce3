package io.iotdm.jobs.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * A job template as CreateJobTemplate was given it (docs/aws-behaviour.md §5.14).
 *
 * @param document {@code null} when the template has a {@code documentSource}
 * @param configuration the configuration members given, by AWS's member names ({@link #CONFIGURATION_MEMBERS})
 */
public record JobTemplate(
        String jobTemplateId,
        String description,
        String document,
        String documentSource,
        ObjectNode configuration,
        Instant createdAt) {

    /** The members of a template, beside its document and description, that a job created from it takes. */
    public static final List<String> CONFIGURATION_MEMBERS = List.of(
            "presignedUrlConfig",
            "jobExecutionsRolloutConfig",
            "abortConfig",
            "timeoutConfig",
            "jobExecutionsRetryConfig",
            "maintenanceWindows",
            "destinationPackageVersions");
}
