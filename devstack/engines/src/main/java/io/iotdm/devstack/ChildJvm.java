package io.iotdm.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A program started in a JVM of its own, from a classpath that its jar records in
 * {@code META-INF/iotdm/<name>.classpath}. Used where an engine's libraries clash with those of the
 * JVM that wants it (OpenSearch beside Kafka, devstack beside Quarkus).
 *
 * <p>The child's stdin stays open for as long as this handle lives: the child exits when it reaches
 * end of file, so that it never outlives its parent, not even a parent killed with {@code kill -9}.
 * This class uses the JDK only, so that a jar holding it can be put on any classpath.
 */
public final class ChildJvm implements AutoCloseable {

    /** The line a child prints on stdout once it serves; what follows it is the child's summary. */
    public static final String READY = "READY";

    private final String name;
    private final Process process;
    private final OutputStream stdin;
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final StringBuilder lastErrors = new StringBuilder();

    private ChildJvm(String name, Process process, Consumer<String> output) {
        this.name = name;
        this.process = process;
        this.stdin = process.getOutputStream();
        pump(process.inputReader(StandardCharsets.UTF_8), output, true);
        pump(process.errorReader(StandardCharsets.UTF_8), output, false);
        process.onExit()
                .thenRun(() -> ready.completeExceptionally(new IllegalStateException(
                        name + " exited with code " + process.exitValue() + lastErrorsText())));
    }

    /**
     * Starts {@code mainClass} with the classpath recorded under {@code classpathName}, the same java
     * binary as this JVM, and {@code jvmOptions}; {@code output} receives every line the child prints.
     */
    public static ChildJvm start(
            String classpathName,
            String mainClass,
            List<String> jvmOptions,
            List<String> args,
            Path workDir,
            Consumer<String> output)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(recordedClasspath(classpathName));
        command.add(mainClass);
        command.addAll(args);
        Files.createDirectories(workDir);
        Process process =
                new ProcessBuilder(command).directory(workDir.toFile()).start();
        return new ChildJvm(classpathName, process, output);
    }

    /** Waits for the child's {@value #READY} line and returns the rest of that line. */
    public String awaitReady(Duration timeout) throws IOException {
        try {
            return ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException(
                    name + " did not report ready within " + timeout.toSeconds() + " s" + lastErrorsText());
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + name, e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Why the child stopped, for a message that names the cause. */
    public String exitDescription() {
        return process.isAlive()
                ? name + " is running"
                : name + " exited with code " + process.exitValue() + lastErrorsText();
    }

    /** Asks the child to stop (end of its stdin, then SIGTERM) and waits for it. */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // the child is gone already
        }
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Called by a child's main: exits the JVM (running its shutdown hooks) once stdin reaches end of
     * file, which happens when the parent closes it or dies.
     */
    public static void exitWhenParentGoes() {
        Thread watcher = new Thread(
                () -> {
                    try {
                        while (System.in.read() >= 0) {
                            // only the end of the stream matters
                        }
                    } catch (IOException ignored) {
                        // a broken pipe means the same as end of file
                    }
                    System.exit(0);
                },
                "parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    private void pump(BufferedReader reader, Consumer<String> output, boolean watchForReady) {
        Thread pump = new Thread(
                () -> {
                    try (reader) {
                        String line;
                        while ((line = reader.readLine()) != null) {
                            if (watchForReady && line.startsWith(READY) && !ready.isDone()) {
                                ready.complete(line.substring(READY.length()).trim());
                                continue;
                            }
                            if (!watchForReady) {
                                remember(line);
                            }
                            output.accept(line);
                        }
                    } catch (IOException ignored) {
                        // the child is gone
                    }
                },
                name + (watchForReady ? "-stdout" : "-stderr"));
        pump.setDaemon(true);
        pump.start();
    }

    private synchronized void remember(String line) {
        lastErrors.append(line).append('\n');
        if (lastErrors.length() > 4000) {
            lastErrors.delete(0, lastErrors.length() - 4000);
        }
    }

    private synchronized String lastErrorsText() {
        return lastErrors.isEmpty()
                ? ""
                : "; its last output on stderr:\n" + lastErrors.toString().strip();
    }

    private static String javaBinary() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The jar (or classes directory) holding the record, followed by the classpath it lists. */
    static String recordedClasspath(String classpathName) throws IOException {
        String resource = "META-INF/iotdm/" + classpathName + ".classpath";
        URL url = ChildJvm.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IOException(resource + " is not on the classpath: build the project first (./mvnw package)");
        }
        String recorded;
        try (var in = url.openStream()) {
            recorded = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        return codeSource(url, resource) + java.io.File.pathSeparator + recorded;
    }

    private static String codeSource(URL url, String resource) throws IOException {
        try {
            if ("jar".equals(url.getProtocol())) {
                URL jar = ((JarURLConnection) url.openConnection()).getJarFileURL();
                return Path.of(jar.toURI()).toString();
            }
            Path file = Path.of(url.toURI());
            Path root = file;
            for (int i = 0; i < resource.split("/").length; i++) {
                root = root.getParent();
            }
            return root.toString();
        } catch (URISyntaxException e) {
            throw new IOException("unusable classpath record " + url, e);
        }
    }
}
