package io.iotdm.bench;

import io.iotdm.events.RegistryEvents;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * CreateThing + UpdateThing through the api-gateway with SigV4; in the same run the Kafka event lag after each
 * 200 OK, and a raw PostgreSQL INSERT + COMMIT loop at the same concurrency as the floor to compare with.
 */
@Command(
        name = "registry-writes",
        mixinStandardHelpOptions = true,
        description = {
            "CreateThing + UpdateThing via the api-gateway; Kafka event lag; raw PostgreSQL baseline.",
            "",
            "Writes --count things (a CreateThing and an UpdateThing each, signed with SigV4) through the api-gateway",
            "with --concurrency requests in flight; in the same run, the lag of each write's event on Kafka after its",
            "200 OK, and a raw PostgreSQL INSERT + COMMIT loop (one commit per gateway write) at the same concurrency.",
            "Addresses come from devstack's stack.properties unless given."
        })
final class RegistryWrites implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Option(
            names = "--postgres-jdbc",
            defaultValue = "jdbc:postgresql://127.0.0.1:25432/bench",
            description = "database of the raw baseline, created if missing (${DEFAULT-VALUE})")
    String postgresJdbc;

    @Option(names = "--postgres-user", defaultValue = "postgres")
    String postgresUser;

    @Option(names = "--postgres-password", defaultValue = "")
    String postgresPassword;

    @Option(names = "--kafka", defaultValue = "127.0.0.1:29092", description = "bootstrap servers (${DEFAULT-VALUE})")
    String kafka;

    @Option(
            names = "--stack-file",
            description = "devstack's stack.properties; the API endpoint and keys, Kafka and PostgreSQL addresses"
                    + " it records are used unless given as options (default: $IOTDM_DATA_DIR or .iotdm/data under"
                    + " the project)")
    Path stackFile;

    @Option(names = "--count", defaultValue = "20000", description = "things; each is 2 writes (${DEFAULT-VALUE})")
    int count;

    @Option(names = "--concurrency", defaultValue = "64", description = "requests in flight (${DEFAULT-VALUE})")
    int concurrency;

    @Option(
            names = "--warmup",
            defaultValue = "2000",
            description = "things written before measuring (${DEFAULT-VALUE})")
    int warmup;

    @Option(
            names = "--http-client",
            defaultValue = "vertx",
            description = "vertx (Netty) or jdk (java.net.http) (${DEFAULT-VALUE})")
    SignedHttp.Client httpClient;

    @Option(
            names = "--http-threads",
            defaultValue = "1",
            description = "event loops (vertx) or completion threads (jdk) (${DEFAULT-VALUE})")
    int httpThreads;

    @Option(
            names = "--event-wait",
            defaultValue = "PT15S",
            description = "stop waiting for events after this long without one (${DEFAULT-VALUE})")
    Duration eventWait;

    @Option(
            names = "--event-fetch-wait",
            defaultValue = "PT0.01S",
            description = "the Kafka consumer's fetch.max.wait.ms (fetch.min.bytes is 64 KiB): fewer fetches, at"
                    + " most this much added to each measured lag (${DEFAULT-VALUE})")
    Duration eventFetchWait;

    @Option(names = "--no-kafka", description = "do not watch the events")
    boolean noKafka;

    @Option(names = "--no-raw-postgres", description = "skip the raw PostgreSQL baseline")
    boolean noRawPostgres;

    @Override
    public Integer call() throws Exception {
        if (count < 1 || concurrency < 1 || warmup < 0) {
            System.err.println("bench: --count and --concurrency must be positive, --warmup not negative");
            return 2;
        }
        applyStackFile();
        String runId = runId();
        String prefix = "bench-" + runId + "-";
        System.out.printf(
                Locale.ROOT,
                "registry-writes run %s: %s (%s client), %d things (+%d warmup) at concurrency %d; Kafka %s; raw PostgreSQL"
                        + " %s%n",
                runId,
                api.endpoint,
                httpClient,
                count,
                warmup,
                concurrency,
                noKafka ? "not watched" : kafka,
                noRawPostgres ? "skipped" : postgresJdbc);

        RawPostgres raw = null;
        String durability = "not checked";
        if (!noRawPostgres) { // fail before the load, not after it
            if (Postgres.ensureDatabase(postgresJdbc, postgresUser, postgresPassword)) {
                System.out.println("created database " + Postgres.database(postgresJdbc));
            }
            raw = new RawPostgres(postgresJdbc, postgresUser, postgresPassword);
            raw.createTable();
            durability = raw.durabilitySettings();
            System.out.println("PostgreSQL: " + durability);
        }

        try (SignedHttp http = api.http(httpClient, httpThreads, concurrency)) {
            if (warmup > 0) {
                WritePhase warm = new WritePhase(http, prefix + "w", warmup, concurrency);
                double seconds = warm.run();
                System.out.printf(
                        Locale.ROOT,
                        "warmup: %d writes in %.1f s, %d errors%n",
                        warm.ok.get() + warm.errors.get(),
                        seconds,
                        warm.errors.get());
                printErrors(warm);
                if (warm.ok.get() == 0) {
                    System.err.println("bench: every warmup write failed (errors above); is the stack up at "
                            + api.endpoint + ", are the keys right?");
                    return 1;
                }
            }

            EventWatch events = null;
            if (!noKafka) {
                events = EventWatch.start(
                        kafka, RegistryEvents.THING_TOPIC, prefix, count, eventFetchWait, Duration.ofSeconds(20));
                if (events == null) {
                    System.out.println("kafka: topic " + RegistryEvents.THING_TOPIC + " not found; events not watched");
                }
            }

            WritePhase measured = new WritePhase(http, prefix, count, concurrency);
            CpuClock cpu = CpuClock.start();
            double seconds = measured.run();
            CpuClock.Reading used = cpu.read();
            System.out.printf(Locale.ROOT, "measured: %d writes in %.2f s%n", 2L * count, seconds);
            printErrors(measured);

            long expected = measured.ok.get();
            EventLag lag = EventLag.NONE;
            int duplicates = 0;
            if (events != null) {
                events.markProgress();
                events.await((int) expected, eventWait);
                events.close();
                lag = EventLag.of(measured, events);
                duplicates = events.duplicates();
            }

            RawPostgres.Outcome baseline = null;
            if (raw != null) {
                int rows = Math.toIntExact(2L * count); // one commit per gateway write
                raw.run(concurrency, 1_000_000_000L, Math.min(rows, Math.max(2 * warmup, concurrency))); // warmup
                baseline = raw.run(concurrency, 0, rows);
            }

            RegistryWritesReport report = new RegistryWritesReport(
                    LocalDate.now(ZoneOffset.UTC).toString(),
                    count,
                    concurrency,
                    measured.ok.get(),
                    measured.errors.get(),
                    seconds,
                    Percentiles.of(measured.all),
                    Percentiles.of(measured.create),
                    Percentiles.of(measured.update),
                    baseline == null ? 0 : baseline.rows(),
                    baseline == null ? 0 : baseline.rowsPerSecond(),
                    baseline == null ? Percentiles.NONE : Percentiles.of(baseline.commitMicros()),
                    events != null,
                    expected,
                    lag.seen(),
                    duplicates,
                    lag.beforeOk(),
                    lag.percentiles(),
                    used.processCpuSeconds(),
                    used.machineBusyPercent(),
                    durability);
            System.out.println();
            System.out.println(report.humanBlock());
            System.out.println();
            System.out.println(RegistryWritesReport.markdownHeader());
            System.out.println(report.markdownRow());
            return 0;
        }
    }

    private void applyStackFile() {
        Path path = stackFile != null ? stackFile : StackFile.defaultPath();
        Optional<StackFile> stack = StackFile.read(path);
        if (stack.isEmpty()) {
            if (stackFile != null) {
                System.err.println("bench: no stack file at " + path + "; using the options' values");
            }
            return;
        }
        StackFile file = stack.get();
        api.apply(file, spec);
        var parsed = spec.commandLine().getParseResult();
        if (!parsed.hasMatchedOption("--kafka")) {
            file.get(StackFile.KAFKA_BOOTSTRAP_SERVERS).ifPresent(v -> kafka = v);
        }
        if (!parsed.hasMatchedOption("--postgres-jdbc")) {
            file.jdbcUrl(Postgres.database(postgresJdbc)).ifPresent(v -> postgresJdbc = v);
        }
        if (!parsed.hasMatchedOption("--postgres-user")) {
            file.get(StackFile.POSTGRES_USER).ifPresent(v -> postgresUser = v);
        }
        if (!parsed.hasMatchedOption("--postgres-password")) {
            file.get(StackFile.POSTGRES_PASSWORD).ifPresent(v -> postgresPassword = v);
        }
        System.out.println("engine addresses from " + path);
    }

    private static void printErrors(WritePhase phase) {
        for (String error : phase.firstErrors) {
            System.out.println("  error: " + error);
        }
    }

    private static String runId() {
        String letters = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            id.append(letters.charAt(ThreadLocalRandom.current().nextInt(letters.length())));
        }
        return id.toString();
    }

    /** Event arrival minus the 200 OK of its write, for each write that got both. */
    record EventLag(long seen, long beforeOk, Percentiles percentiles) {

        static final EventLag NONE = new EventLag(0, 0, Percentiles.NONE);

        static EventLag of(WritePhase writes, EventWatch events) {
            Histogram micros = new Histogram(3_600_000_000L, 3);
            long[] counts = new long[2]; // seen, before the 200 OK
            add(writes.createdOk, events.createdSeen, micros, counts);
            add(writes.updatedOk, events.updatedSeen, micros, counts);
            return new EventLag(counts[0], counts[1], Percentiles.of(micros));
        }

        private static void add(long[] okAt, long[] seenAt, Histogram micros, long[] counts) {
            for (int i = 0; i < okAt.length; i++) {
                if (seenAt[i] == 0) {
                    continue;
                }
                counts[0]++;
                if (okAt[i] == 0) {
                    continue; // the write failed as far as the client knows, yet its event came: seen, no lag
                }
                long lag = (seenAt[i] - okAt[i]) / 1_000;
                if (lag < 0) {
                    counts[1]++; // polled before the client had read the 200 OK: lag 0
                    lag = 0;
                }
                micros.recordValue(lag);
            }
        }
    }

    /** CPU used by this JVM, and how busy the whole machine was (/proc/stat), between start and read. */
    record CpuClock(long processNanos, long[] machine) {

        record Reading(double processCpuSeconds, double machineBusyPercent) {}

        static CpuClock start() {
            return new CpuClock(processCpuNanos(), machineTicks());
        }

        Reading read() {
            double process = (processCpuNanos() - processNanos) / 1e9;
            long[] now = machineTicks();
            double busy = Double.NaN;
            if (machine != null && now != null) {
                long total = now[0] - machine[0];
                long idle = now[1] - machine[1];
                busy = total > 0 ? 100.0 * (total - idle) / total : Double.NaN;
            }
            return new Reading(process, busy);
        }

        private static long processCpuNanos() {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                return os.getProcessCpuTime();
            }
            return 0;
        }

        /** {total, idle + iowait} jiffies of all CPUs, or null off Linux. */
        private static long[] machineTicks() {
            try {
                String[] fields =
                        Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long total = 0;
                for (int i = 1; i < fields.length && i <= 8; i++) { // user .. steal; guest is inside user
                    total += Long.parseLong(fields[i]);
                }
                return new long[] {total, Long.parseLong(fields[4]) + Long.parseLong(fields[5])};
            } catch (Exception notLinux) {
                return null;
            }
        }
    }
}
