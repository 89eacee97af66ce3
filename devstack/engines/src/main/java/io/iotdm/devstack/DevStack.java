package io.iotdm.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** The engines together: started in parallel, each waited for, stopped together. */
public final class DevStack implements AutoCloseable {

    static final String PID_FILE = "devstack.pid";

    private final StackConfig config;
    private final List<Engine> engines;
    private final StackAddresses addresses;
    private volatile boolean closing;

    private DevStack(StackConfig config, List<Engine> engines, StackAddresses addresses) {
        this.config = config;
        this.engines = engines;
        this.addresses = addresses;
    }

    /**
     * Starts every engine and returns once all of them answer; {@code progress} gets one line per
     * engine as it becomes ready. If one fails, the others are stopped and the failure names it.
     */
    public static DevStack start(StackConfig config, boolean fresh, Consumer<String> progress)
            throws IOException, EngineFailedException {
        if (fresh) {
            deleteRecursively(config.dataDir());
        }
        Files.createDirectories(config.dataDir());
        claimDataDir(config.dataDir());
        List<Engine> engines = List.of(
                new KafkaEngine(config.kafkaDir(), config.kafkaPort(), config.kafkaControllerPort()),
                new PostgresEngine(
                        config.postgresDir(),
                        config.postgresPort(),
                        config.postgresPasswordFile(),
                        StackSecrets.ensure(config.postgresPasswordFile())),
                new OpenSearchEngine(
                        config.openSearchDir(), config.openSearchHttpPort(), config.openSearchTransportPort()),
                new S3Engine(config.s3Dir(), config.s3Port(), StackConfig.S3_ACCESS_KEY, StackConfig.S3_SECRET_KEY));
        List<CompletableFuture<Engine>> starts = new ArrayList<>();
        for (Engine engine : engines) {
            starts.add(CompletableFuture.supplyAsync(() -> startOne(engine, progress), Thread::startVirtualThread));
        }
        List<EngineFailedException> failures = new ArrayList<>();
        for (CompletableFuture<Engine> start : starts) {
            try {
                start.join();
            } catch (CompletionException e) {
                failures.add((EngineFailedException) e.getCause());
            }
        }
        if (!failures.isEmpty()) {
            engines.reversed().forEach(Engine::stop);
            releaseDataDir(config.dataDir());
            EngineFailedException first = failures.getFirst();
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
        Map<String, String> values = new TreeMap<>();
        engines.forEach(engine -> values.putAll(engine.addresses()));
        values.put(StackAddresses.S3_ACCESS_KEY, StackConfig.S3_ACCESS_KEY);
        values.put(StackAddresses.S3_SECRET_KEY, StackConfig.S3_SECRET_KEY);
        values.put(StackAddresses.S3_REGION, StackConfig.S3_REGION);
        StackAddresses addresses = new StackAddresses(values);
        addresses.write(config.addressesFile());
        return new DevStack(config, engines, addresses);
    }

    public StackAddresses addresses() {
        return addresses;
    }

    /** Empty while every engine runs; otherwise the first engine that died and why. */
    public Optional<EngineFailedException> failure() {
        if (closing) {
            return Optional.empty();
        }
        for (Engine engine : engines) {
            Optional<String> reason = engine.failure();
            if (reason.isPresent()) {
                return Optional.of(new EngineFailedException(engine.name(), "died: " + reason.get(), null));
            }
        }
        return Optional.empty();
    }

    /** Stops the engines in the reverse order of their start and releases the data directory. */
    @Override
    public synchronized void close() {
        closing = true;
        engines.reversed().forEach(Engine::stop);
        try {
            Files.deleteIfExists(config.addressesFile());
        } catch (IOException ignored) {
            // a stale file is harmless: the next start rewrites it
        }
        releaseDataDir(config.dataDir());
    }

    private static Engine startOne(Engine engine, Consumer<String> progress) {
        long started = System.nanoTime();
        try {
            engine.start();
        } catch (Exception e) {
            throw new CompletionException(
                    new EngineFailedException(engine.name(), "failed to start: " + e.getMessage(), e));
        }
        progress.accept(String.format(
                "%-11s ready in %4.1f s  %s", engine.name(), (System.nanoTime() - started) / 1e9, engine.endpoint()));
        return engine;
    }

    /** One devstack per data directory: a second one would corrupt the first one's engines. */
    private static void claimDataDir(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve(PID_FILE);
        Optional<ProcessHandle> owner = runningOwner(pidFile);
        if (owner.isPresent() && owner.get().pid() != ProcessHandle.current().pid()) {
            throw new IOException("a devstack (pid " + owner.get().pid() + ") already runs on "
                    + dataDir.toAbsolutePath() + "; stop it first (./iotdm down)");
        }
        Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()), StandardCharsets.UTF_8);
    }

    private static void releaseDataDir(Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve(PID_FILE));
        } catch (IOException ignored) {
            // the next start sees that the recorded pid no longer runs
        }
    }

    static Optional<ProcessHandle> runningOwner(Path pidFile) {
        try {
            long pid = Long.parseLong(
                    Files.readString(pidFile, StandardCharsets.UTF_8).strip());
            // a recycled pid of some other program does not count
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(process -> process.info().command().orElse("java").endsWith("java"));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        if (runningOwner(dir.resolve(PID_FILE)).isPresent()) {
            throw new IOException(
                    "cannot wipe " + dir.toAbsolutePath() + ": a devstack still runs on it; stop it first");
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
