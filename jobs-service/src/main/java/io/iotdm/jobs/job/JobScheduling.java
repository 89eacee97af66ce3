package io.iotdm.jobs.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.jobs.store.SchedulingConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * CreateJob's {@code schedulingConfig} checked (docs/aws-behaviour.md §5.20) beyond the model (its lengths, the
 * endBehavior enum, durationInMinutes 1–1430): the times are {@code YYYY-MM-DDTHH:MM}, the start at least 30 minutes
 * ahead and within a year, the end at least 30 minutes after the start (or now) and within two years of it, and each
 * window's {@code startTime} a cron expression. AWS's texts for these are silent; these are iotdm's.
 */
final class JobScheduling {

    static final Duration LEAD = Duration.ofMinutes(30);
    static final Duration SHORTEST = Duration.ofMinutes(30);

    private JobScheduling() {}

    /** @return the configuration, {@code null} when {@code member} is absent */
    static SchedulingConfig parse(JsonNode member, Instant now, AwsErrors errors) {
        if (!JobConfigurationMembers.given(member)) {
            return null;
        }
        Instant start = time(member, "startTime", errors);
        if (start != null) {
            if (start.isBefore(now.plus(LEAD))) {
                throw errors.invalidRequest("schedulingConfig startTime "
                        + member.get("startTime").asText() + " must be at least 30 minutes from now.");
            }
            if (start.isAfter(now.atZone(ZoneOffset.UTC).plusYears(1).toInstant())) {
                throw errors.invalidRequest("schedulingConfig startTime "
                        + member.get("startTime").asText() + " must be within a year from now.");
            }
        }
        Instant end = time(member, "endTime", errors);
        if (end != null) {
            Instant from = start == null ? now : start;
            String after = start == null ? "from now" : "after the startTime";
            if (end.isBefore(from.plus(SHORTEST))) {
                throw errors.invalidRequest("schedulingConfig endTime "
                        + member.get("endTime").asText() + " must be at least 30 minutes " + after + ".");
            }
            if (end.isAfter(from.atZone(ZoneOffset.UTC).plusYears(2).toInstant())) {
                throw errors.invalidRequest(
                        "schedulingConfig endTime " + member.get("endTime").asText() + " must be within two years "
                                + (start == null ? "from now" : "of the startTime") + ".");
            }
        }
        for (JsonNode window : member.path("maintenanceWindows")) {
            String cron = window.path("startTime").asText();
            try {
                SchedulingConfig.cron(cron);
            } catch (IllegalArgumentException invalid) {
                throw errors.invalidRequest("schedulingConfig maintenanceWindows startTime " + cron
                        + " is not a cron expression of the form cron(<minutes> <hours> <day-of-month> <month>"
                        + " <day-of-week> <year>).");
            }
        }
        return SchedulingConfig.of((ObjectNode) member);
    }

    private static Instant time(JsonNode member, String name, AwsErrors errors) {
        if (!JobConfigurationMembers.given(member.path(name))) {
            return null;
        }
        String text = member.get(name).asText();
        try {
            return SchedulingConfig.time(text);
        } catch (DateTimeParseException invalid) {
            throw errors.invalidRequest(
                    "schedulingConfig " + name + " " + text + " is not a date and time of the form YYYY-MM-DDTHH:MM.");
        }
    }
}
