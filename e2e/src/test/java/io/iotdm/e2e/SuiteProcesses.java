package io.iotdm.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The processes of a devstack started by a test, found to be killed. Linux. */
final class SuiteProcesses {

    private SuiteProcesses() {}

    /** The victim under devstack: a service by its name, or the OpenSearch node devstack runs in a JVM of its own. */
    static ProcessHandle find(long devstackPid, String victim) {
        // the indexing-service's command line names OpenSearch too (its URL): the node is found by its main class
        String marker = victim.equals("opensearch") ? "OpenSearchNodeMain" : victim;
        return ProcessHandle.of(devstackPid)
                .orElseThrow()
                .descendants()
                .filter(process -> commandLine(process).contains(marker))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + victim + " under devstack " + devstackPid));
    }

    /** The whole command line (ProcessHandle's is cut short for the node's long classpath). */
    private static String commandLine(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
        } catch (IOException gone) {
            return "";
        }
    }
}
