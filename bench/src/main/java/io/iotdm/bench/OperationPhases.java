package io.iotdm.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * The two phases of the benches of one operation against its raw baseline in the same run (keys-and-certificate,
 * register-thing, signing): the raw work in-process on a pool of threads, and the operation through the api-gateway with a
 * bounded number of requests in flight.
 */
final class OperationPhases {

    /** What a phase did: how many, in how long, the latency of each, and the first failure. */
    record Phase(int ok, int errors, double seconds, Percentiles latency, String firstError) {
        double perSecond() {
            return ok / seconds;
        }
    }

    /** One request of the operation. */
    record Call(String method, String path, byte[] body) {}

    private OperationPhases() {}

    /**
     * The raw baseline of a bench: {@code warmup} runs of {@code work} not measured, then {@code n} measured on {@code
     * threads} threads, printed as {@code what}. The baselines are cryptography (RSA key generation, ECDSA signing),
     * whose BigInteger and field-arithmetic intrinsics are C2's: with C1 only (bench/run's default JVM options) they run
     * several times slower than in the services (docs/benchmarks.md, "CreateKeysAndCertificate"), so it says so.
     */
    static Phase baseline(String what, int warmup, int n, int threads, IntConsumer work) throws Exception {
        if (java.lang.management.ManagementFactory.getRuntimeMXBean()
                .getInputArguments()
                .contains("-XX:TieredStopAtLevel=1")) {
            System.out.println("warning: this JVM runs C1 only, which handicaps the raw baseline; run with"
                    + " BENCH_JAVA_OPTS=\"-Xms256m -Xmx512m -XX:+UseSerialGC\"");
        }
        raw(warmup, threads, work);
        Phase phase = raw(n, threads, work);
        print(what, phase);
        return phase;
    }

    /** Runs {@code work} for 0..n-1 on {@code threads} threads and times each. */
    static Phase raw(int n, int threads, IntConsumer work) throws Exception {
        Histogram micros = new Histogram(3);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Long>> tasks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                tasks.add(() -> {
                    long start = System.nanoTime();
                    work.accept(index);
                    return (System.nanoTime() - start) / 1_000;
                });
            }
            long start = System.nanoTime();
            List<Future<Long>> done = pool.invokeAll(tasks);
            double seconds = (System.nanoTime() - start) / 1e9;
            for (Future<Long> each : done) {
                micros.recordValue(each.get());
            }
            return new Phase(n, 0, seconds, Percentiles.of(micros), null);
        } finally {
            pool.shutdown();
        }
    }

    /** Sends call 0..n-1 with at most {@code inFlight} requests in flight; a non-2xx answer is an error. */
    static Phase calls(SignedHttp http, int n, int inFlight, IntFunction<Call> call) throws InterruptedException {
        Histogram micros = new Histogram(3);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        List<String> firstError = new ArrayList<>();
        Semaphore slots = new Semaphore(inFlight);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            slots.acquire();
            Call request = call.apply(i);
            http.send(request.method(), request.path(), request.body()).whenComplete((result, failure) -> {
                synchronized (micros) {
                    if (failure == null && result.ok()) {
                        ok.incrementAndGet();
                        micros.recordValue(result.micros());
                    } else {
                        errors.incrementAndGet();
                        if (firstError.isEmpty()) {
                            firstError.add(
                                    failure != null ? failure.toString() : result.status() + " " + result.body());
                        }
                    }
                }
                slots.release();
            });
        }
        slots.acquire(inFlight);
        double seconds = (System.nanoTime() - start) / 1e9;
        synchronized (micros) {
            return new Phase(
                    ok.get(),
                    errors.get(),
                    seconds,
                    Percentiles.of(micros),
                    firstError.isEmpty() ? null : firstError.getFirst());
        }
    }

    static void print(String what, Phase phase) {
        System.out.printf(
                Locale.ROOT,
                "%s: %d in %.1f s = %.1f/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms, %d errors%s%n",
                what,
                phase.ok(),
                phase.seconds(),
                phase.perSecond(),
                phase.latency().p50Micros() / 1000.0,
                phase.latency().p99Micros() / 1000.0,
                phase.latency().maxMicros() / 1000.0,
                phase.errors(),
                phase.firstError() == null ? "" : " (first: " + phase.firstError() + ")");
    }
}
