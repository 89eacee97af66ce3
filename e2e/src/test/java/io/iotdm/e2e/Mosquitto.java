package io.iotdm.e2e;

import io.iotdm.devstack.StackAddresses;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.iot.model.CreateKeysAndCertificateResponse;

/**
 * Eclipse Mosquitto's command-line clients ({@code mosquitto_sub}, {@code mosquitto_pub}) on PATH, connected to the
 * suite's device gateway with a device's certificate as files: a C client on OpenSSL, as many gateways and scripts in
 * the field are, where the other tests use Java clients.
 */
final class Mosquitto {

    private Mosquitto() {}

    static boolean onPath() {
        return onPath("mosquitto_sub") && onPath("mosquitto_pub");
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(new File(dir, program).toPath())) {
                return true;
            }
        }
        return false;
    }

    /** The certificate and private key that CreateKeysAndCertificate returned, as PEM files only the owner reads. */
    record Credentials(Path certificate, Path key) {

        static Credentials of(CreateKeysAndCertificateResponse created) {
            try {
                Path dir = Files.createTempDirectory("mosquitto-device");
                Path certificate = Files.writeString(dir.resolve("device.pem.crt"), created.certificatePem());
                Path key = Files.writeString(
                        dir.resolve("private.pem.key"), created.keyPair().privateKey());
                key.toFile().setReadable(false, false);
                key.toFile().setReadable(true, true);
                return new Credentials(certificate, key);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * {@code mosquitto_sub -d} subscribed to {@code topic} at QoS 1 as {@code clientId}, with the protocol {@code
     * version} ({@code mqttv311} or {@code mqttv5}); its output is read line by line as it comes.
     */
    static Subscription subscribe(
            StackAddresses stack, Credentials credentials, String version, String clientId, String topic) {
        List<String> command = command("mosquitto_sub", stack, credentials, version, clientId);
        command.addAll(List.of("-d", "-q", "1", "-t", topic, "-W", "120"));
        // line-buffered: C's stdio holds a pipe's output in 4 KiB blocks, and the test waits on each line
        command.addAll(0, List.of("stdbuf", "-oL"));
        return new Subscription(start(command));
    }

    /** {@code mosquitto_pub -q 1}: returns its exit code (0 once the gateway acknowledged the message) and output. */
    static Finished publish(
            StackAddresses stack,
            Credentials credentials,
            String version,
            String clientId,
            String topic,
            String payload)
            throws InterruptedException {
        List<String> command = command("mosquitto_pub", stack, credentials, version, clientId);
        command.addAll(List.of("-d", "-q", "1", "-t", topic, "-m", payload));
        Process process = start(command);
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not end: " + output);
            }
            return new Finished(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Finished(int exitCode, String output) {}

    private static List<String> command(
            String program, StackAddresses stack, Credentials credentials, String version, String clientId) {
        String[] endpoint = stack.get(StackAddresses.MQTT_ENDPOINT).split(":");
        return new ArrayList<>(List.of(
                program,
                "-h",
                endpoint[0],
                "-p",
                endpoint[1],
                "-V",
                version,
                "--cafile",
                stack.get(StackAddresses.MQTT_CA_FILE),
                "--cert",
                credentials.certificate().toString(),
                "--key",
                credentials.key().toString(),
                "-i",
                clientId));
    }

    private static Process start(List<String> command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A running {@code mosquitto_sub}; closing it ends the process. */
    static final class Subscription implements AutoCloseable {

        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringBuilder seen = new StringBuilder();

        private Subscription(Process process) {
            this.process = process;
            Thread reader = new Thread(
                    () -> {
                        try (BufferedReader in = new BufferedReader(
                                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                            String line;
                            while ((line = in.readLine()) != null) {
                                lines.add(line);
                            }
                        } catch (IOException ended) {
                            // the process was closed
                        }
                    },
                    "mosquitto_sub output");
            reader.setDaemon(true);
            reader.start();
        }

        /**
         * The line that starts with {@code prefix}, within 60 s; fails with everything the client printed when none
         * comes (the client may have been refused and ended).
         */
        String awaitLine(String prefix) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null) {
                    seen.append(line).append('\n');
                    if (line.startsWith(prefix)) {
                        return line;
                    }
                } else if (!process.isAlive() && lines.isEmpty()) {
                    break;
                }
            }
            throw new AssertionError("mosquitto_sub printed no line starting with '" + prefix + "':\n" + seen);
        }

        /** The exit code once the process ended by itself (within 60 s), e.g. after a refused connection. */
        int exitCode() throws InterruptedException {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("mosquitto_sub did not end:\n" + seen + String.join("\n", lines));
            }
            return process.exitValue();
        }

        String output() {
            return seen + String.join("\n", lines);
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
