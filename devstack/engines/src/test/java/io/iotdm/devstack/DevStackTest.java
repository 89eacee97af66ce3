package io.iotdm.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The devstack program as {@code ./iotdm} and the test resource run it, in a JVM of its own: data
 * kept across restarts (PostgreSQL's password too: it is required) and wiped by {@code --fresh}, nothing left
 * running after a stop, one stack
 * per data directory, and an engine that cannot start named in the exit.
 */
class DevStackTest {

    @TempDir
    Path dataDir;

    @Test
    void keepsDataAcrossRestartsWipesItWhenFreshAndLeavesNothingRunning() throws Exception {
        try (DevStackProcess stack = DevStackProcess.start(dataDir, false)) {
            assertThat(StackAddresses.read(dataDir.resolve(StackAddresses.FILE_NAME)))
                    .isEqualTo(stack.addresses());
            assertThat(stack.addresses().values())
                    .containsKeys(
                            StackAddresses.KAFKA_BOOTSTRAP_SERVERS,
                            StackAddresses.OPENSEARCH_URL,
                            StackAddresses.S3_ENDPOINT,
                            StackAddresses.POSTGRES_PORT);
            Databases.ensure(stack.addresses(), "fleet");
            String url = stack.addresses().jdbcUrl("fleet");
            assertThatThrownBy(() -> DriverManager.getConnection(url, PostgresEngine.SUPERUSER, "wrong"))
                    .hasMessageContaining("password authentication failed");
            assertThatThrownBy(() -> DriverManager.getConnection(url, PostgresEngine.SUPERUSER, ""))
                    .isInstanceOf(java.sql.SQLException.class);
            for (String secret : List.of("postgres.password", StackAddresses.FILE_NAME)) {
                assertThat(java.nio.file.Files.getPosixFilePermissions(dataDir.resolve(secret)))
                        .as(secret)
                        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
            sql(stack, "CREATE TABLE thing (name text PRIMARY KEY)");
            sql(stack, "INSERT INTO thing VALUES ('sensor-1')");

            List<ProcessHandle> started = startedProcesses(stack);
            assertThat(started).hasSizeGreaterThanOrEqualTo(3).allMatch(ProcessHandle::isAlive);
            stack.close();
            for (ProcessHandle process : started) {
                assertThat(process.onExit()
                                .get(30, java.util.concurrent.TimeUnit.SECONDS)
                                .isAlive())
                        .as("process %d after stop", process.pid())
                        .isFalse();
            }
        }
        assertThat(dataDir.resolve(StackAddresses.FILE_NAME)).doesNotExist();
        assertThat(dataDir.resolve(DevStack.PID_FILE)).doesNotExist();

        try (DevStackProcess stack = DevStackProcess.start(dataDir, false)) {
            assertThat(countThings(stack)).isEqualTo(1);
        }

        try (DevStackProcess stack = DevStackProcess.start(dataDir, true)) {
            Databases.ensure(stack.addresses(), "fleet");
            assertThatThrownBy(() -> countThings(stack)).hasMessageContaining("\"thing\" does not exist");
        }
    }

    @Test
    void requiresThePasswordOfADataDirectoryThatTrustedEveryConnection() throws Exception {
        try (DevStackProcess stack = DevStackProcess.start(dataDir, false)) {
            Databases.ensure(stack.addresses(), "fleet");
            sql(stack, "ALTER ROLE " + PostgresEngine.SUPERUSER + " PASSWORD NULL");
        }
        // what devstack made before PostgreSQL required a password: every rule trusts
        Path hba = dataDir.resolve("postgres/data/pg_hba.conf");
        java.nio.file.Files.writeString(hba, java.nio.file.Files.readString(hba).replace("scram-sha-256", "trust"));

        try (DevStackProcess stack = DevStackProcess.start(dataDir, false)) {
            String url = stack.addresses().jdbcUrl("fleet");
            assertThatThrownBy(() -> DriverManager.getConnection(url, PostgresEngine.SUPERUSER, "wrong"))
                    .hasMessageContaining("password authentication failed");
            sql(stack, "SELECT 1");
        }
    }

    @Test
    void namesTheEngineThatCannotStartAndExitsNonZero() throws Exception {
        StackConfig ports = StackConfig.freePorts(dataDir);
        try (ServerSocket taken = new ServerSocket(ports.openSearchHttpPort(), 1, InetAddress.getLoopbackAddress());
                ChildJvm devstack = ChildJvm.start(
                        "devstack",
                        DevStackMain.class.getName(),
                        List.of("-Xmx512m"),
                        List.of(
                                "--data-dir",
                                dataDir.toString(),
                                "--exit-with-parent",
                                "--kafka-port",
                                Integer.toString(ports.kafkaPort()),
                                "--kafka-controller-port",
                                Integer.toString(ports.kafkaControllerPort()),
                                "--postgres-port",
                                Integer.toString(ports.postgresPort()),
                                "--opensearch-port",
                                Integer.toString(ports.openSearchHttpPort()),
                                "--opensearch-transport-port",
                                Integer.toString(ports.openSearchTransportPort()),
                                "--s3-port",
                                Integer.toString(ports.s3Port())),
                        dataDir,
                        line -> {})) {
            assertThatThrownBy(() -> devstack.awaitReady(Duration.ofSeconds(120)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("exited with code 1")
                    .hasMessageContaining("devstack: opensearch failed to start");
        }
        assertThat(dataDir.resolve(DevStack.PID_FILE)).doesNotExist();
    }

    @Test
    void namesAnEngineThatDiesStopsTheOthersAndExitsNonZero() throws Exception {
        try (ChildJvm devstack = ChildJvm.start(
                "devstack",
                DevStackMain.class.getName(),
                List.of("-Xmx512m"),
                List.of("--data-dir", dataDir.toString(), "--free-ports", "--exit-with-parent"),
                dataDir,
                line -> {})) {
            devstack.awaitReady(Duration.ofSeconds(120));
            ProcessHandle openSearch = ProcessHandle.of(devstack.pid())
                    .orElseThrow()
                    .children()
                    .filter(child -> child.info().command().orElse("").endsWith("java")) // its one JVM child
                    .findFirst()
                    .orElseThrow();
            openSearch.destroyForcibly();
            ProcessHandle.of(devstack.pid())
                    .ifPresent(process -> process.onExit().join());
            assertThat(devstack.exitDescription())
                    .contains("exited with code 1")
                    .contains("devstack: opensearch died: opensearch-node exited with code 137");
        }
        assertThat(dataDir.resolve(DevStack.PID_FILE)).doesNotExist();
    }

    @Test
    void refusesASecondStackOnTheSameData() throws Exception {
        // any running JVM stands for the devstack that owns the directory
        Path sleeper = dataDir.resolve("Sleeper.java");
        Files.writeString(
                sleeper,
                "class Sleeper { public static void main(String[] a) throws Exception { Thread.sleep(60_000); } }");
        Process other =
                new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), sleeper.toString()).start();
        try {
            Files.writeString(dataDir.resolve(DevStack.PID_FILE), Long.toString(other.pid()));
            assertThatThrownBy(() -> DevStack.start(StackConfig.freePorts(dataDir), false, line -> {}))
                    .hasMessageContaining("(pid " + other.pid() + ") already runs on");
            assertThatThrownBy(() -> DevStack.start(StackConfig.freePorts(dataDir), true, line -> {}))
                    .hasMessageContaining("a devstack still runs on it");
        } finally {
            other.destroyForcibly().waitFor();
        }
    }

    /** The devstack JVM, its descendants (the OpenSearch JVM) and the PostgreSQL postmaster. */
    private List<ProcessHandle> startedProcesses(DevStackProcess stack) throws IOException {
        List<ProcessHandle> processes = new ArrayList<>();
        ProcessHandle devstack = ProcessHandle.of(stack.pid()).orElseThrow();
        processes.add(devstack);
        devstack.descendants().forEach(processes::add);
        long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/data/postmaster.pid"))
                .getFirst()
                .strip());
        processes.add(ProcessHandle.of(postmaster).orElseThrow());
        return processes;
    }

    private static void sql(DevStackProcess stack, String statement) throws Exception {
        try (Connection connection = connect(stack)) {
            connection.createStatement().execute(statement);
        }
    }

    private static int countThings(DevStackProcess stack) throws Exception {
        try (Connection connection = connect(stack)) {
            ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM thing");
            rows.next();
            return rows.getInt(1);
        }
    }

    private static Connection connect(DevStackProcess stack) throws Exception {
        StackAddresses addresses = stack.addresses();
        return DriverManager.getConnection(
                addresses.jdbcUrl("fleet"),
                addresses.get(StackAddresses.POSTGRES_USER),
                addresses.get(StackAddresses.POSTGRES_PASSWORD));
    }
}
