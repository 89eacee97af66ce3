package io.iotdm.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures of one registry-writes run, as a block for people and as a row of the table in
 * docs/benchmarks.md. Formatting only: nothing here measures or judges, except naming the targets.
 */
record RegistryWritesReport(
        String date,
        int things,
        int concurrency,
        long okWrites,
        long errors,
        double seconds,
        Percentiles latency,
        Percentiles create,
        Percentiles update,
        long rawRows,
        double rawRowsPerSecond,
        Percentiles rawCommit,
        boolean kafkaWatched,
        long eventsExpected,
        long eventsSeen,
        long eventDuplicates,
        long eventsBeforeOk,
        Percentiles eventLag,
        double loadGeneratorCpuSeconds,
        double machineBusyPercent,
        String postgresDurability) {

    static final String SCENARIO = "registry-writes";

    static final double TARGET_WRITES_PER_SECOND = 2_000;
    static final double TARGET_P99_MS = 50;
    static final double TARGET_RATIO = 0.3;
    static final double TARGET_EVENT_LAG_P99_MS = 200;

    /** Writes attempted: a CreateThing and an UpdateThing per thing. */
    long writes() {
        return 2L * things;
    }

    /** Durable (200 OK) writes per second of wall time. */
    double writesPerSecond() {
        return okWrites / seconds;
    }

    /** Gateway writes per second ÷ raw PostgreSQL rows per second; NaN without a baseline. */
    double ratio() {
        return rawRowsPerSecond > 0 ? writesPerSecond() / rawRowsPerSecond : Double.NaN;
    }

    static String markdownHeader() {
        return "| scenario | date | count | concurrency | writes/s | p50 ms | p99 ms | max ms | errors "
                + "| raw PG rows/s | ratio | Kafka lag p50 ms | Kafka lag p99 ms | events seen |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";
    }

    String markdownRow() {
        return "| "
                + String.join(
                        " | ",
                        SCENARIO,
                        date,
                        String.format(Locale.ROOT, "%d things (%d writes)", things, writes()),
                        Integer.toString(concurrency),
                        rate(writesPerSecond()),
                        ms(latency.p50Micros()),
                        ms(latency.p99Micros()),
                        ms(latency.maxMicros()),
                        Long.toString(errors),
                        rawRowsPerSecond > 0 ? rate(rawRowsPerSecond) : "–",
                        ratioText(),
                        kafkaWatched && !eventLag.empty() ? ms(eventLag.p50Micros()) : "–",
                        kafkaWatched && !eventLag.empty() ? ms(eventLag.p99Micros()) : "–",
                        kafkaWatched ? eventsSeen + " / " + eventsExpected : "not watched")
                + " |";
    }

    String humanBlock() {
        List<String> lines = new ArrayList<>();
        lines.add("== " + SCENARIO + " " + date + " ==");
        lines.add(String.format(
                Locale.ROOT,
                "gateway    %d things x (CreateThing + UpdateThing) = %d writes at concurrency %d in %.2f s",
                things,
                writes(),
                concurrency,
                seconds));
        lines.add(String.format(
                Locale.ROOT,
                "           %s durable writes/s (200 OK: %d, errors: %d)",
                rate(writesPerSecond()),
                okWrites,
                errors));
        lines.add("  latency  all    " + line(latency));
        lines.add("           create " + line(create));
        lines.add("           update " + line(update));
        if (rawRowsPerSecond > 0) {
            lines.add(String.format(
                    Locale.ROOT,
                    "raw PG     %d INSERT+COMMIT rows at concurrency %d: %s rows/s, commit %s",
                    rawRows,
                    concurrency,
                    rate(rawRowsPerSecond),
                    line(rawCommit)));
            lines.add("ratio      " + ratioText() + " (gateway writes/s ÷ raw PG rows/s)");
            lines.add("PG commit  " + postgresDurability);
        } else {
            lines.add("raw PG     not run");
        }
        if (kafkaWatched) {
            lines.add(String.format(
                    Locale.ROOT,
                    "kafka      %d of %d events seen (%d duplicate copies), %d arrived before their 200 OK",
                    eventsSeen,
                    eventsExpected,
                    eventDuplicates,
                    eventsBeforeOk));
            lines.add("  lag after 200 OK " + line(eventLag));
        } else {
            lines.add("kafka      not watched");
        }
        lines.add(String.format(
                Locale.ROOT,
                "cpu        load generator %.1f s CPU during the gateway phase (%.2f cores); machine %.0f%% busy",
                loadGeneratorCpuSeconds,
                loadGeneratorCpuSeconds / seconds,
                machineBusyPercent));
        lines.add("targets    " + verdict(writesPerSecond() >= TARGET_WRITES_PER_SECOND, "writes/s >= 2,000")
                + ", " + verdict(!latency.empty() && latency.p99Micros() / 1000.0 <= TARGET_P99_MS, "p99 <= 50 ms")
                + ", " + verdict(ratio() >= TARGET_RATIO, "ratio >= 0.3")
                + ", "
                + verdict(
                        kafkaWatched && !eventLag.empty() && eventLag.p99Micros() / 1000.0 <= TARGET_EVENT_LAG_P99_MS,
                        "event lag p99 <= 200 ms"));
        return String.join("\n", lines);
    }

    private String ratioText() {
        return Double.isNaN(ratio()) ? "–" : String.format(Locale.ROOT, "%.2f", ratio());
    }

    private static String verdict(boolean met, String target) {
        return (met ? "met: " : "MISSED: ") + target;
    }

    private static String line(Percentiles p) {
        if (p.empty()) {
            return "(none)";
        }
        return "p50 " + ms(p.p50Micros()) + " ms, p99 " + ms(p.p99Micros()) + " ms, max " + ms(p.maxMicros())
                + " ms (n=" + p.count() + ")";
    }

    /** Milliseconds with one decimal from microseconds. */
    static String ms(long micros) {
        return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }

    /** A rate without decimals, thousands separated. */
    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }
}
