package io.iotdm.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fleet of simulated devices: provisions and starts them with at most {@code concurrency} under way at a time (so
 * that a thousand devices do not hit the gateway with a thousand TLS handshakes at once), then has each report its
 * shadow every {@code interval}, at an offset of its own so that the reports spread over the interval.
 */
public final class Fleet {

    private final GatewayTls tls;
    private final Provisioning provisioning;
    private final JobHandler jobs;
    private final FleetCounters counters;
    private final Duration interval;
    private final int concurrency;
    private final List<Device> devices = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "simulator-clock");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean stopping;

    public Fleet(
            GatewayTls tls,
            Provisioning provisioning,
            JobHandler jobs,
            FleetCounters counters,
            Duration interval,
            int concurrency) {
        this.tls = tls;
        this.provisioning = provisioning;
        this.jobs = jobs;
        this.counters = counters;
        this.interval = interval;
        this.concurrency = concurrency;
    }

    /** Completes when every device was provisioned and started, or failed (counted in the counters). */
    public CompletableFuture<Void> start(List<String> thingNames) {
        AtomicInteger next = new AtomicInteger();
        CompletableFuture<?>[] workers = new CompletableFuture<?>[Math.min(concurrency, thingNames.size())];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = startNext(thingNames, next);
        }
        return CompletableFuture.allOf(workers);
    }

    /** Runs a task on the fleet's clock every {@code period} (the progress line). */
    public void every(Duration period, Runnable task) {
        clock.scheduleAtFixedRate(task, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    public List<Device> devices() {
        return List.copyOf(devices);
    }

    /** Stops the reports and disconnects every device (waiting at most {@code timeout}). */
    public void stop(Duration timeout) {
        stopping = true;
        clock.shutdownNow();
        CompletableFuture<?>[] disconnects = devices.stream()
                .map(device -> device.disconnect().exceptionally(notConnected -> null))
                .toArray(CompletableFuture<?>[]::new);
        try {
            CompletableFuture.allOf(disconnects).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) { // disconnects failing are ignored above: only a timeout
            counters.error("disconnecting", e);
        }
    }

    private CompletableFuture<Void> startNext(List<String> thingNames, AtomicInteger next) {
        int index = next.getAndIncrement();
        if (stopping || index >= thingNames.size()) {
            return CompletableFuture.completedFuture(null);
        }
        String thingName = thingNames.get(index);
        return provisioning
                .provision(thingName)
                .thenCompose(credentials -> {
                    counters.provisioned.increment();
                    Device device = new Device(tls, credentials, jobs, counters);
                    devices.add(device);
                    return device.start().thenRun(() -> reportEveryInterval(device));
                })
                .exceptionally(failure -> {
                    counters.error("starting " + thingName, failure);
                    return null;
                })
                .thenCompose(started -> startNext(thingNames, next));
    }

    private void reportEveryInterval(Device device) {
        if (stopping) {
            return;
        }
        AtomicLong reports = new AtomicLong();
        long offset = ThreadLocalRandom.current().nextLong(Math.max(1, interval.toMillis()));
        clock.scheduleAtFixedRate(
                () -> device.reportShadow(reported(reports.incrementAndGet())),
                offset,
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** A sensor's reading and how many reports the device made. */
    private static ObjectNode reported(long reports) {
        double temperature = Math.round((18 + ThreadLocalRandom.current().nextDouble(8)) * 10) / 10.0;
        return ControlPlane.JSON
                .createObjectNode()
                .put("temperature", temperature)
                .put("reports", reports)
                .put("firmware", "simulator-1");
    }
}
