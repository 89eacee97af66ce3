package io.iotdm.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Puts a fleet of things ({@link FleetShape}) straight into the registry's PostgreSQL tables with set-based SQL. The
 * API path is what registry-writes measures; at its ~3,000 writes/s a million things would take minutes and measure
 * the registry again. Nothing is published: no events reach the index, which learns of these things only from a
 * rebuild ({@code fleet-rebuild}).
 */
@Command(
        name = "fleet-load",
        mixinStandardHelpOptions = true,
        description = {
            "Loads --things things (attributes model/site/fw, a classic shadow for --shadow-percent of them) into the",
            "registry's tables with INSERT ... SELECT generate_series, revisions from the registry's thing_revision",
            "sequence. No events: run fleet-rebuild next to index them."
        })
final class FleetLoad implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--things", defaultValue = "1000000", description = "things (${DEFAULT-VALUE})")
    long things;

    @Option(
            names = "--prefix",
            defaultValue = "fleet",
            description = "names are <prefix>-<8 digits> (${DEFAULT-VALUE})")
    String prefix;

    @Option(
            names = "--shadow-percent",
            defaultValue = "70",
            description = "share of things with a classic shadow (${DEFAULT-VALUE})")
    int shadowPercent;

    @Option(names = "--chunk", defaultValue = "100000", description = "things per INSERT statement (${DEFAULT-VALUE})")
    long chunk;

    @Option(names = "--replace", description = "delete the fleet's things and shadows first, if there are any")
    boolean replace;

    @Option(
            names = "--postgres-jdbc",
            defaultValue = "jdbc:postgresql://127.0.0.1:25432/registry",
            description = "the registry's database (default: from stack.properties, else ${DEFAULT-VALUE})")
    String postgresJdbc;

    @Option(names = "--postgres-user", defaultValue = "postgres")
    String postgresUser;

    @Option(names = "--postgres-password", defaultValue = "")
    String postgresPassword;

    @Option(
            names = "--stack-file",
            description = "devstack's stack.properties (default: $IOTDM_DATA_DIR or .iotdm/data)")
    Path stackFile;

    @Override
    public Integer call() throws Exception {
        if (things < 1 || chunk < 1 || shadowPercent < 0 || shadowPercent > 100) {
            System.err.println("bench: --things and --chunk must be positive, --shadow-percent 0..100");
            return 2;
        }
        applyStackFile();
        FleetShape shape = new FleetShape(prefix, shadowPercent);
        System.out.printf(
                Locale.ROOT,
                "fleet-load: %,d things %s .. %s, %d %% with a classic shadow, into %s%n",
                things,
                shape.name(0),
                shape.name(things - 1),
                shadowPercent,
                postgresJdbc);
        try (Connection c = Postgres.connect(postgresJdbc, postgresUser, postgresPassword)) {
            c.setAutoCommit(true);
            long existing = count(c, "SELECT count(*) FROM thing WHERE name LIKE ?", shape.namePattern());
            if (existing > 0) {
                if (!replace) {
                    System.err.printf(
                            Locale.ROOT,
                            "bench: the registry already has %,d things named %s-*; --replace deletes them first%n",
                            existing,
                            prefix);
                    return 1;
                }
                long start = System.nanoTime();
                int shadows = update(c, "DELETE FROM shadow WHERE thing_name LIKE ?", shape.namePattern());
                int deleted = update(c, "DELETE FROM thing WHERE name LIKE ?", shape.namePattern());
                System.out.printf(
                        Locale.ROOT,
                        "deleted %,d things and %,d shadows in %.1f s%n",
                        deleted,
                        shadows,
                        (System.nanoTime() - start) / 1e9);
            }
            long revisionBefore = count(c, "SELECT last_value FROM thing_revision", null);

            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            long start = System.nanoTime();
            long thingNanos = 0;
            long shadowNanos = 0;
            long shadowRows = 0;
            try (PreparedStatement insertThings = c.prepareStatement(FleetShape.INSERT_THINGS);
                    PreparedStatement insertShadows = c.prepareStatement(FleetShape.INSERT_SHADOWS)) {
                for (long first = 0; first < things; first += chunk) {
                    long last = Math.min(things, first + chunk) - 1;
                    long t0 = System.nanoTime();
                    insertThings.setString(1, prefix);
                    insertThings.setObject(2, now.atOffset(ZoneOffset.UTC));
                    insertThings.setLong(3, first);
                    insertThings.setLong(4, last);
                    int inserted = insertThings.executeUpdate();
                    long t1 = System.nanoTime();
                    insertShadows.setString(1, prefix);
                    insertShadows.setLong(2, now.getEpochSecond());
                    insertShadows.setLong(3, first);
                    insertShadows.setLong(4, last);
                    insertShadows.setInt(5, shadowPercent);
                    int shadows = insertShadows.executeUpdate();
                    long t2 = System.nanoTime();
                    thingNanos += t1 - t0;
                    shadowNanos += t2 - t1;
                    shadowRows += shadows;
                    System.out.printf(
                            Locale.ROOT,
                            "  %,d .. %,d: %,d things in %.1f s, %,d shadows in %.1f s%n",
                            first,
                            last,
                            inserted,
                            (t1 - t0) / 1e9,
                            shadows,
                            (t2 - t1) / 1e9);
                }
            }
            long analyzeStart = System.nanoTime();
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE thing");
                s.execute("ANALYZE shadow");
            }
            long end = System.nanoTime();
            long revisionAfter = count(c, "SELECT last_value FROM thing_revision", null);
            long total = count(c, "SELECT count(*) FROM thing", null);
            double seconds = (end - start) / 1e9;
            System.out.println();
            System.out.printf(
                    Locale.ROOT,
                    "loaded     %,d things in %.1f s (%,.0f things/s) and %,d classic shadows in %.1f s; ANALYZE %.1f"
                            + " s; total %.1f s%n",
                    things,
                    thingNanos / 1e9,
                    things / (thingNanos / 1e9),
                    shadowRows,
                    shadowNanos / 1e9,
                    (end - analyzeStart) / 1e9,
                    seconds);
            System.out.printf(
                    Locale.ROOT,
                    "registry   %,d things in all; thing_revision %,d → %,d%n",
                    total,
                    revisionBefore,
                    revisionAfter);
            System.out.println("next       bench/run fleet-rebuild (the index learns of these things from a rebuild)");
            System.out.printf(
                    Locale.ROOT,
                    "%n| fleet-load | %s | %,d things, %,d shadows | %.1f s | %.1f s | %.1f s |%n",
                    java.time.LocalDate.now(java.time.ZoneOffset.UTC),
                    things,
                    shadowRows,
                    thingNanos / 1e9,
                    shadowNanos / 1e9,
                    seconds);
            return 0;
        }
    }

    private static long count(Connection c, String sql, String parameter) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (parameter != null) {
                s.setString(1, parameter);
            }
            try (ResultSet row = s.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static int update(Connection c, String sql, String parameter) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            return s.executeUpdate();
        }
    }

    private void applyStackFile() {
        Path path = stackFile != null ? stackFile : StackFile.defaultPath();
        StackFile.read(path).ifPresent(file -> {
            var parsed = spec.commandLine().getParseResult();
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
        });
    }
}
