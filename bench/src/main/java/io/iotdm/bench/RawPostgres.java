package io.iotdm.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The floor to compare with: {@code concurrency} threads, one JDBC connection each, autocommit off, each row one
 * {@code INSERT} and one {@code COMMIT} (a durable commit, as each registry write is one), into a table created
 * fresh for the run.
 */
final class RawPostgres {

    static final String TABLE = "bench_raw";

    /** @param rowsPerSecond committed rows over wall time; @param commitMicros latency of INSERT + COMMIT */
    record Outcome(long rows, double seconds, double rowsPerSecond, Histogram commitMicros) {}

    private final String jdbcUrl;
    private final String user;
    private final String password;

    RawPostgres(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    void createTable() throws SQLException {
        try (Connection c = Postgres.connect(jdbcUrl, user, password);
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            s.execute("CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, name TEXT NOT NULL, payload TEXT NOT NULL)");
        }
    }

    /**
     * What a COMMIT waits for on this server: with {@code fsync=off} (zonky's embedded PostgreSQL passes
     * {@code -F}) a commit reaches the OS page cache, not the disk, for the registry and this baseline alike.
     */
    String durabilitySettings() throws SQLException {
        List<String> settings = new ArrayList<>();
        try (Connection c = Postgres.connect(jdbcUrl, user, password);
                Statement s = c.createStatement()) {
            for (String name : List.of("fsync", "synchronous_commit", "wal_sync_method", "full_page_writes")) {
                try (var row = s.executeQuery("SHOW " + name)) {
                    row.next();
                    settings.add(name + "=" + row.getString(1));
                }
            }
        }
        return String.join(", ", settings);
    }

    /** Inserts rows {@code firstId .. firstId+rows-1}, each committed on its own. */
    Outcome run(int concurrency, long firstId, int rows) throws Exception {
        List<Connection> connections = new ArrayList<>();
        try {
            for (int t = 0; t < concurrency; t++) {
                Connection c = Postgres.connect(jdbcUrl, user, password);
                c.setAutoCommit(false);
                connections.add(c);
            }
            Histogram latencies = new ConcurrentHistogram(3_600_000_000L, 3);
            AtomicInteger next = new AtomicInteger();
            AtomicReference<Exception> failure = new AtomicReference<>();
            CountDownLatch ready = new CountDownLatch(concurrency);
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(concurrency);
            for (Connection c : connections) {
                Thread.ofPlatform().name("bench-raw-pg").daemon().start(() -> {
                    try (PreparedStatement insert =
                            c.prepareStatement("INSERT INTO " + TABLE + " (id, name, payload) VALUES (?, ?, ?)")) {
                        ready.countDown();
                        go.await();
                        for (int i = next.getAndIncrement(); i < rows; i = next.getAndIncrement()) {
                            long id = firstId + i;
                            long start = System.nanoTime();
                            insert.setLong(1, id);
                            insert.setString(2, "bench-raw-" + id);
                            insert.setString(3, payload(id));
                            insert.executeUpdate();
                            c.commit();
                            latencies.recordValue((System.nanoTime() - start) / 1_000);
                        }
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                        ready.countDown();
                    } finally {
                        done.countDown();
                    }
                });
            }
            ready.await();
            long start = System.nanoTime();
            go.countDown();
            done.await();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (failure.get() != null) {
                throw failure.get();
            }
            return new Outcome(rows, seconds, rows / seconds, latencies);
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    /** About the size of a thing row: an id, a name, a small attribute document, version and revision. */
    static String payload(long id) {
        return "{\"thingId\":\"" + new UUID(id, ~id) + "\",\"attributes\":{\"n\":\"" + id
                + "\",\"u\":\"1\"},\"version\":1,\"revision\":" + id + "}";
    }
}
