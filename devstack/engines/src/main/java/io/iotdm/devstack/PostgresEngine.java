package io.iotdm.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * PostgreSQL 17 from zonky's embedded binaries; one database per service, created on demand. Every connection, over
 * TCP or the Unix socket, must give the superuser's password (SCRAM-SHA-256).
 */
final class PostgresEngine implements Engine {

    static final String SUPERUSER = "postgres";

    /** The method of a pg_hba.conf rule that lets anyone in. */
    private static final Pattern TRUST = Pattern.compile("\\btrust\\s*$");

    private final Path dataDir;
    private final Path runtimeDir;
    private final Path log;
    private final int port;
    private final Path passwordFile;
    private final String password;
    private EmbeddedPostgres postgres;

    /** @param passwordFile holds {@code password} alone: initdb reads it from there */
    PostgresEngine(Path home, int port, Path passwordFile, String password) {
        this.dataDir = home.resolve("data");
        this.runtimeDir = home.resolve("runtime");
        this.log = home.resolve("postgresql.log");
        this.port = port;
        this.passwordFile = passwordFile;
        this.password = password;
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public void start() throws IOException {
        Files.createDirectories(runtimeDir);
        stopLeftoverPostmaster();
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(runtimeDir.toFile())
                .setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1")
                // zonky turns these off for speed (synchronous_commit off, and fsync off with -F); iotdm
                // promises that an acknowledged write is on disk, and its benchmarks measure that
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setServerConfig("max_connections", "300")
                .setServerConfig("shared_buffers", "64MB")
                .setPGStartupWait(Duration.ofSeconds(30))
                .setRegisterShutdownHook(false)
                // initdb options (zonky passes these as --name=value after its own "-A trust", which they override)
                .setLocaleConfig("auth", "scram-sha-256")
                .setLocaleConfig("pwfile", passwordFile.toString())
                // zonky's readiness check connects as the superuser
                .setConnectConfig("password", password)
                .start();
        requirePasswordOnOldDataDirectory();
    }

    /**
     * A data directory that devstack made before PostgreSQL required a password trusts every local connection: give
     * the superuser the password (still trusted, once) and require it from now on.
     */
    private void requirePasswordOnOldDataDirectory() throws IOException {
        Path hba = dataDir.resolve("pg_hba.conf");
        List<String> lines = Files.readAllLines(hba);
        List<String> required = lines.stream()
                .map(line -> line.startsWith("#") ? line : TRUST.matcher(line).replaceAll("scram-sha-256"))
                .toList();
        if (required.equals(lines)) {
            return;
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            // the password is base64url (StackSecrets): nothing in it needs quoting
            statement.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + password + "'");
            Files.write(hba, required);
            statement.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IOException("cannot set the password of " + SUPERUSER + ": " + e.getMessage(), e);
        }
        System.err.println("postgresql: " + dataDir + " now requires the password in " + passwordFile);
    }

    @Override
    public String endpoint() {
        return "postgresql://" + SUPERUSER + "@127.0.0.1:" + port;
    }

    @Override
    public Map<String, String> addresses() {
        return Map.of(
                StackAddresses.POSTGRES_HOST,
                "127.0.0.1",
                StackAddresses.POSTGRES_PORT,
                Integer.toString(port),
                StackAddresses.POSTGRES_USER,
                SUPERUSER,
                StackAddresses.POSTGRES_PASSWORD,
                password);
    }

    @Override
    public Optional<String> failure() {
        return postmasterPid()
                .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .map(pid -> Optional.<String>empty())
                .orElseGet(() -> Optional.of("its postmaster is no longer running (see " + log + ")"));
    }

    @Override
    public void stop() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            System.err.println("postgresql did not stop cleanly: " + e.getMessage());
        }
        postgres = null;
    }

    /**
     * A devstack killed with {@code kill -9} leaves its postmaster running on the data directory;
     * stop it, or the new one cannot start.
     */
    private void stopLeftoverPostmaster() {
        postmasterPid()
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .ifPresent(leftover -> {
                    System.err.println("postgresql: stopping a postmaster left running by an earlier devstack (pid "
                            + leftover.pid() + ")");
                    leftover.destroy();
                    leftover.onExit()
                            .orTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
                            .join();
                });
    }

    private Optional<Long> postmasterPid() {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            return lines.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
