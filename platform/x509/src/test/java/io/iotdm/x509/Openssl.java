package io.iotdm.x509;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs {@code /usr/bin/openssl} in a directory, as a second opinion on what the library makes and accepts. */
final class Openssl {

    private static final Path OPENSSL = Path.of("/usr/bin/openssl");

    private Openssl() {}

    /** The output (stdout and stderr) of a successful run; a failed run fails the test. */
    static String run(Path directory, String... arguments) {
        Assumptions.assumeTrue(Files.isExecutable(OPENSSL), "openssl is not installed");
        List<String> command = new ArrayList<>();
        command.add(OPENSSL.toString());
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue())
                    .as("openssl %s: %s", arguments, output)
                    .isZero();
            return output;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
