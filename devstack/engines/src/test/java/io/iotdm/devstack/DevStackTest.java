package io.iotdm.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stack's lifecycle: data kept across restarts, wiped by fresh, one stack per directory, failures named. */
class DevStackTest {

    @TempDir
    Path dataDir;

    private final List<String> progress = new ArrayList<>();

    @Test
    void keepsDataAcrossRestartsAndWipesItWhenFresh() throws Exception {
        try (DevStack stack = DevStack.start(StackConfig.freePorts(dataDir), false, progress::add)) {
            assertThat(progress).hasSize(4);
            assertThat(StackAddresses.read(dataDir.resolve(StackAddresses.FILE_NAME)))
                    .isEqualTo(stack.addresses());
            assertThat(stack.failure()).isEmpty();
            Databases.ensure(stack.addresses(), "fleet");
            sql(stack, "CREATE TABLE thing (name text PRIMARY KEY)");
            sql(stack, "INSERT INTO thing VALUES ('sensor-1')");
        }
        assertThat(dataDir.resolve(StackAddresses.FILE_NAME)).doesNotExist();
        assertThat(dataDir.resolve(DevStack.PID_FILE)).doesNotExist();

        try (DevStack stack = DevStack.start(StackConfig.freePorts(dataDir), false, progress::add)) {
            Databases.ensure(stack.addresses(), "fleet");
            assertThat(countThings(stack)).isEqualTo(1);
        }

        try (DevStack stack = DevStack.start(StackConfig.freePorts(dataDir), true, progress::add)) {
            Databases.ensure(stack.addresses(), "fleet");
            assertThatThrownBy(() -> countThings(stack)).hasMessageContaining("\"thing\" does not exist");
        }
    }

    @Test
    void refusesASecondStackOnTheSameDataAndNamesAnEngineThatCannotStart() throws Exception {
        StackConfig config = StackConfig.freePorts(dataDir);
        try (ServerSocket taken = new ServerSocket(config.openSearchHttpPort(), 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> DevStack.start(config, false, progress::add))
                    .isInstanceOfSatisfying(EngineFailedException.class, e -> assertThat(e.engine())
                            .isEqualTo("opensearch"))
                    .hasMessageContaining("failed to start");
        }
        assertThat(dataDir.resolve(DevStack.PID_FILE)).doesNotExist();

        Path otherOwner = dataDir.resolve(DevStack.PID_FILE);
        Files.writeString(
                otherOwner,
                Long.toString(ProcessHandle.current().parent().orElseThrow().pid()));
        assertThatThrownBy(() -> DevStack.start(StackConfig.freePorts(dataDir), false, progress::add))
                .hasMessageContaining("already runs on");
    }

    private static void sql(DevStack stack, String statement) throws Exception {
        try (Connection connection = connect(stack)) {
            connection.createStatement().execute(statement);
        }
    }

    private static int countThings(DevStack stack) throws Exception {
        try (Connection connection = connect(stack)) {
            ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM thing");
            rows.next();
            return rows.getInt(1);
        }
    }

    private static Connection connect(DevStack stack) throws Exception {
        StackAddresses addresses = stack.addresses();
        return DriverManager.getConnection(
                addresses.jdbcUrl("fleet"),
                addresses.get(StackAddresses.POSTGRES_USER),
                addresses.get(StackAddresses.POSTGRES_PASSWORD));
    }
}
