package io.iotdm.jobs.store;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A job's {@code schedulingConfig} (docs/aws-behaviour.md §5.20): when its rollout starts and ends, what its end does,
 * and the maintenance windows it rolls out in. Kept as the caller gave it ({@link #json()}, which DescribeJob answers),
 * with the times read.
 *
 * @param startTime {@code null}: the job starts at once (or in its first window)
 * @param endTime {@code null}: the rollout never ends by time
 * @param endBehavior STOP_ROLLOUT (the default), CANCEL or FORCE_CANCEL
 */
public record SchedulingConfig(
        Instant startTime, Instant endTime, String endBehavior, List<MaintenanceWindow> windows, ObjectNode json) {

    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    public SchedulingConfig {
        windows = List.copyOf(windows);
    }

    /**
     * A {@code maintenanceWindow}: the rollout runs from each time {@code startTime} (a cron expression, UTC) names,
     * for {@code durationInMinutes}.
     */
    public record MaintenanceWindow(String startTime, ExecutionTime starts, Duration duration) {

        /** Whether the window is open at {@code at}. */
        boolean openAt(Instant at) {
            Optional<Instant> last = lastStart(at);
            return last.isPresent() && at.isBefore(last.get().plus(duration));
        }

        /** When the window opens next after {@code at}, {@code null} never. */
        Instant nextStart(Instant at) {
            return starts.nextExecution(at.atZone(ZoneOffset.UTC))
                    .map(ZonedDateTime::toInstant)
                    .orElse(null);
        }

        /** When the window open at {@code at} closes. */
        Instant closes(Instant at) {
            return lastStart(at).orElse(at).plus(duration);
        }

        /** The window's last start at or before {@code at} (a start at exactly {@code at} counts). */
        private Optional<Instant> lastStart(Instant at) {
            ZonedDateTime now = at.atZone(ZoneOffset.UTC);
            if (now.getSecond() == 0 && now.getNano() == 0 && starts.isMatch(now)) {
                return Optional.of(at);
            }
            return starts.lastExecution(now).map(ZonedDateTime::toInstant);
        }
    }

    /**
     * A window's {@code startTime}: AWS's cron form ({@code cron(<minutes> <hours> <day-of-month> <month>
     * <day-of-week> <year>)}, or the six fields bare) read as Quartz's with second 0.
     *
     * @throws IllegalArgumentException when it is no such expression
     */
    public static ExecutionTime cron(String expression) {
        String fields = expression.strip();
        if (fields.startsWith("cron(") && fields.endsWith(")")) {
            fields = fields.substring(5, fields.length() - 1).strip();
        }
        if (fields.split("\\s+").length != 6) {
            throw new IllegalArgumentException("six fields expected");
        }
        return ExecutionTime.forCron(CRON.parse("0 " + fields).validate());
    }

    /**
     * A {@code startTime} or {@code endTime}: {@code YYYY-MM-DDTHH:MM} (AWS's form; seconds and an offset are taken
     * too), UTC when no offset is given.
     *
     * @throws DateTimeParseException when it is no such time
     */
    public static Instant time(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        }
    }

    /** The configuration stored as {@link #json()}; it was checked when the job was created. */
    public static SchedulingConfig of(JsonNode json) {
        List<MaintenanceWindow> windows = new ArrayList<>();
        for (JsonNode window : json.path("maintenanceWindows")) {
            String start = window.path("startTime").asText();
            windows.add(new MaintenanceWindow(
                    start,
                    cron(start),
                    Duration.ofMinutes(window.path("durationInMinutes").asLong())));
        }
        return new SchedulingConfig(
                json.hasNonNull("startTime") ? time(json.get("startTime").asText()) : null,
                json.hasNonNull("endTime") ? time(json.get("endTime").asText()) : null,
                json.path("endBehavior").asText("STOP_ROLLOUT"),
                windows,
                (ObjectNode) json);
    }

    /** Whether the job may roll out at {@code at}: always without windows, else while one of them is open. */
    public boolean inWindow(Instant at) {
        return windows.isEmpty() || windows.stream().anyMatch(window -> window.openAt(at));
    }

    /** When the next window opens after {@code at}; {@code null} when none ever does. */
    public Instant nextWindow(Instant at) {
        return windows.stream()
                .map(window -> window.nextStart(at))
                .filter(start -> start != null)
                .min(Instant::compareTo)
                .orElse(null);
    }

    /** The next {@code count} starts of the windows after {@code at}, in time order. */
    public List<Instant> nextWindows(Instant at, int count) {
        List<Instant> starts = new ArrayList<>(count);
        Instant from = at;
        while (starts.size() < count) {
            Instant next = nextWindow(from);
            if (next == null) {
                break;
            }
            starts.add(next);
            from = next;
        }
        return starts;
    }

    /** A time as AWS writes a {@code StringDateTime}: {@code YYYY-MM-DDTHH:MM}, UTC. */
    public static String text(Instant at) {
        return TEXT.format(at.atZone(ZoneOffset.UTC));
    }

    /** When the open window (the last of those open) closes; {@code null} without windows. */
    public Instant windowCloses(Instant at) {
        return windows.stream()
                .filter(window -> window.openAt(at))
                .map(window -> window.closes(at))
                .max(Instant::compareTo)
                .orElse(null);
    }
}
