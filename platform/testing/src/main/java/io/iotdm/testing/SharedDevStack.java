package io.iotdm.testing;

import io.iotdm.devstack.DevStackProcess;
import io.iotdm.devstack.StackAddresses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The one devstack of a test JVM, started on first use and stopped when the JVM exits. Quarkus loads test resources
 * again, in another class loader, for each test profile; so the running stack is found through a system property
 * (one per JVM) rather than a static field (one per class loader).
 */
final class SharedDevStack {

    private static final String ADDRESSES_FILE_PROPERTY = "iotdm.testing.devstack-addresses";

    private SharedDevStack() {}

    static StackAddresses addresses() {
        // System.getProperties() is one object for every class loader of the JVM: the lock they share
        synchronized (System.getProperties()) {
            try {
                String started = System.getProperty(ADDRESSES_FILE_PROPERTY);
                if (started != null) {
                    return StackAddresses.read(Path.of(started));
                }
                // under target/, so that `mvn clean` removes what a killed run left behind
                DevStackProcess stack = DevStackProcess.start(Path.of("target", "devstack"), true);
                Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "devstack-stop"));
                Path addresses =
                        Path.of("target", "devstack-addresses.properties").toAbsolutePath();
                stack.addresses().write(addresses);
                System.setProperty(ADDRESSES_FILE_PROPERTY, addresses.toString());
                return stack.addresses();
            } catch (IOException e) {
                throw new UncheckedIOException("devstack did not start", e);
            }
        }
    }
}
