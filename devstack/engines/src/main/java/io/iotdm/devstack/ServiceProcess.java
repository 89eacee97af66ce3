package io.iotdm.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One iotdm service (a Quarkus fast-jar) in a JVM of its own, its output in a log file, ready once its readiness
 * check answers. It exits when devstack does: its stdin is a pipe from devstack ({@link ExitWithParent}).
 */
final class ServiceProcess implements AutoCloseable {

    private static final String QUARKUS_MAIN = "io.quarkus.bootstrap.runner.QuarkusEntryPoint";
    private static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC");

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * @param app the service's {@code target/quarkus-app} directory
     * @param config Quarkus configuration, passed as system properties
     * @param environment more of it (secrets), passed as environment variables
     */
    static ServiceProcess start(
            String name, Path app, int port, Map<String, String> config, Map<String, String> environment, Path logDir)
            throws IOException {
        Path runJar = app.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(runJar)) {
            throw new IOException(runJar + " is missing: build the project first (./mvnw package)");
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(JVM_OPTIONS);
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow"); // Netty and Kafka still use sun.misc.Unsafe
        }
        command.addAll(addOpens(runJar));
        command.add("-Dquarkus.http.port=" + port);
        // loopback only, as the README promises: the services run with public development secrets (PublicDefaults)
        command.add("-Dquarkus.http.host=127.0.0.1");
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-cp");
        command.add(ownCodeSource() + java.io.File.pathSeparator + runJar);
        command.add(ExitWithParent.class.getName());
        command.add(QUARKUS_MAIN);
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process = builder.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new ServiceProcess(name, port, process, log);
    }

    /** Waits until the service's readiness check answers 200. */
    void awaitReady(Duration timeout) throws IOException, InterruptedException {
        URI readiness = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        Instant deadline = Instant.now().plus(timeout);
        try (HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IOException(name + " exited with code " + process.exitValue() + "; see " + log);
                }
                try {
                    HttpResponse<Void> response = client.send(
                            HttpRequest.newBuilder(readiness)
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(200);
            }
        }
        throw new IOException(name + " was not ready within " + timeout.toSeconds() + " s; see " + log);
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Empty while it runs; otherwise why it stopped. */
    java.util.Optional<String> failure() {
        return process.isAlive()
                ? java.util.Optional.empty()
                : java.util.Optional.of("exited with code " + process.exitValue() + "; see " + log);
    }

    /** Ends its stdin, which makes it shut down gracefully, and waits; then SIGTERM, then SIGKILL. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (IOException ignored) {
            // already gone
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The jar's {@code Add-Opens}, which {@code java -jar} would apply and {@code -cp} does not. */
    private static List<String> addOpens(Path runJar) throws IOException {
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(runJar.toFile())) {
            String opens = jar.getManifest().getMainAttributes().getValue("Add-Opens");
            List<String> options = new ArrayList<>();
            if (opens != null) {
                for (String packageName : opens.trim().split("\\s+")) {
                    options.add("--add-opens=" + packageName + "=ALL-UNNAMED");
                }
            }
            return options;
        }
    }

    private static String ownCodeSource() throws IOException {
        try {
            return Path.of(ExitWithParent.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    @Override
    public String toString() {
        return name + " " + url() + " (log " + log + ")";
    }
}
