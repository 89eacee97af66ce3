package io.iotdm.simulator;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** What a fleet of simulated devices did so far, counted from every device's event-loop thread. */
public final class FleetCounters {

    final LongAdder provisioned = new LongAdder();
    final AtomicInteger connected = new AtomicInteger();
    final LongAdder sent = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder shadowAccepted = new LongAdder();
    final LongAdder shadowRejected = new LongAdder();
    final LongAdder jobsSucceeded = new LongAdder();
    final LongAdder jobsFailed = new LongAdder();
    final LongAdder errors = new LongAdder();
    private volatile String lastError = "";
    private long lastMessages;
    private long lastNanos = System.nanoTime();

    void error(String what, Throwable cause) {
        errors.increment();
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        lastError = what + ": " + root.getMessage();
    }

    public long provisioned() {
        return provisioned.sum();
    }

    public int connected() {
        return connected.get();
    }

    public long shadowAccepted() {
        return shadowAccepted.sum();
    }

    public long shadowRejected() {
        return shadowRejected.sum();
    }

    public long jobsSucceeded() {
        return jobsSucceeded.sum();
    }

    public long errors() {
        return errors.sum();
    }

    public String lastError() {
        return lastError;
    }

    /** One progress line; messages/s (sent and received) since the previous call. */
    public synchronized String progress(int devices) {
        long now = System.nanoTime();
        long messages = sent.sum() + received.sum();
        double perSecond = (messages - lastMessages) * 1e9 / Math.max(1, now - lastNanos);
        lastMessages = messages;
        lastNanos = now;
        return String.format(
                Locale.ROOT,
                "provisioned %d/%d  connected %d  %.0f msg/s  shadow accepted %d rejected %d  jobs %d ok %d failed  errors %d%s",
                provisioned(),
                devices,
                connected(),
                perSecond,
                shadowAccepted(),
                shadowRejected(),
                jobsSucceeded(),
                jobsFailed.sum(),
                errors(),
                lastError.isEmpty() ? "" : " (last: " + lastError + ")");
    }

    /** The totals, for the end of a run. */
    public String summary(int devices) {
        return String.format(
                Locale.ROOT,
                "devices %d: provisioned %d, messages sent %d received %d, shadow updates accepted %d rejected %d,"
                        + " jobs succeeded %d failed %d, errors %d%s",
                devices,
                provisioned(),
                sent.sum(),
                received.sum(),
                shadowAccepted(),
                shadowRejected(),
                jobsSucceeded(),
                jobsFailed.sum(),
                errors(),
                lastError.isEmpty() ? "" : " (last: " + lastError + ")");
    }
}
