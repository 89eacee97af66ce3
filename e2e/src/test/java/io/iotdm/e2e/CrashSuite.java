package io.iotdm.e2e;

import io.iotdm.devstack.DevStackProcess;
import io.iotdm.devstack.StackAddresses;
import java.io.IOException;
import java.nio.file.Path;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * A suite of a crash test's own, apart from the shared {@link Suite}: started fresh on a data directory of the test,
 * one of its services killed with SIGKILL ({@code kill -9}; devstack then stops the rest of the suite, as a failed pod
 * would be restarted), then started again on the same data, on new free ports. {@link #addresses()} and {@link #iot()}
 * are the running suite's: read them again after {@link #restart()}.
 */
final class CrashSuite implements AutoCloseable {

    private final Path data;
    private final Path root = Path.of(System.getProperty("iotdm.project.root"));
    private DevStackProcess process;
    private IotClient iot;

    private CrashSuite(Path data) {
        this.data = data;
    }

    /** Starts a fresh suite in {@code target/<directory>}. */
    static CrashSuite start(String directory) throws IOException {
        CrashSuite suite = new CrashSuite(Path.of("target", directory));
        suite.run(true);
        return suite;
    }

    StackAddresses addresses() {
        return process.addresses();
    }

    /** A control-plane client of the running suite, with the suite's own credentials. */
    IotClient iot() {
        return iot;
    }

    /**
     * Kills a service of the suite with SIGKILL: {@code victim} is a text of its command line (the path of its
     * {@code target/quarkus-app}: the api-gateway's command line names the services' URLs), or {@code opensearch}.
     */
    void kill(String victim) {
        SuiteProcesses.find(process.pid(), victim).destroyForcibly();
    }

    /** Stops what is left of the suite and starts it again on the same data. */
    void restart() throws IOException {
        stop();
        run(false);
    }

    private void run(boolean fresh) throws IOException {
        process = DevStackProcess.start(data, fresh, root);
        iot = Suite.iot(process.addresses(), process.addresses().get(StackAddresses.API_SECRET_KEY));
    }

    private void stop() {
        iot.close();
        process.close();
    }

    @Override
    public void close() {
        stop();
    }
}
