package io.iotdm.testing;

import io.iotdm.devstack.DevStackProcess;
import io.iotdm.devstack.StackAddresses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The one devstack of a test JVM, started on first use and stopped when the JVM exits. */
final class SharedDevStack {

    private static DevStackProcess stack;

    private SharedDevStack() {}

    static synchronized StackAddresses addresses() {
        if (stack == null) {
            try {
                // under target/, so that `mvn clean` removes what a killed run left behind
                stack = DevStackProcess.start(Path.of("target", "devstack"), true);
            } catch (IOException e) {
                throw new UncheckedIOException("devstack did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "devstack-stop"));
        }
        return stack.addresses();
    }
}
