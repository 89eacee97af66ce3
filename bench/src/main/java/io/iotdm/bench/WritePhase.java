package io.iotdm.bench;

import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * For each thing {@code <prefix><i>}: CreateThing ({@code POST /things/{name}}), then, once it answered,
 * UpdateThing ({@code PATCH /things/{name}}). At most {@code concurrency} requests are in flight: {@code concurrency}
 * lanes each write one thing at a time, one request at a time.
 */
final class WritePhase {

    private static final int ERRORS_KEPT = 5;

    private final SignedHttp http;
    private final String prefix;
    private final int things;
    private final int concurrency;

    final Histogram all = histogram();
    final Histogram create = histogram();
    final Histogram update = histogram();
    /** When each thing's CreateThing / UpdateThing got its 200 OK ({@link System#nanoTime}); 0 = it did not. */
    final long[] createdOk;

    final long[] updatedOk;

    final AtomicLong ok = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final Queue<String> firstErrors = new ConcurrentLinkedQueue<>();
    private final AtomicInteger errorsKept = new AtomicInteger();
    private final AtomicInteger next = new AtomicInteger();

    WritePhase(SignedHttp http, String prefix, int things, int concurrency) {
        this.http = http;
        this.prefix = prefix;
        this.things = things;
        this.concurrency = concurrency;
        this.createdOk = new long[things];
        this.updatedOk = new long[things];
    }

    /** @return wall seconds from the first request sent to the last answer received */
    double run() throws InterruptedException {
        CountDownLatch lanesDone = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        for (int lane = 0; lane < concurrency; lane++) {
            lane(lanesDone);
        }
        lanesDone.await();
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * One of {@code concurrency} lanes: takes the next thing, and when its two writes are answered, the next one,
     * from the thread that got the answer (the HTTP client's), so that no other thread is woken per request.
     * Loops instead of recursing when a thing completes at once (a request that failed before it was sent).
     */
    private void lane(CountDownLatch lanesDone) {
        while (true) {
            int i = next.getAndIncrement();
            if (i >= things) {
                lanesDone.countDown();
                return;
            }
            CompletableFuture<Void> written = thing(i);
            if (!written.isDone()) {
                written.whenComplete((done, failure) -> {
                    noteFailure(failure);
                    lane(lanesDone);
                });
                return;
            }
            noteFailure(written.handle((done, failure) -> failure).join());
        }
    }

    private void noteFailure(Throwable failure) {
        if (failure != null) {
            error("bench: " + failure);
        }
    }

    private CompletableFuture<Void> thing(int i) {
        String path = "/things/" + prefix + i;
        return send("POST", path, createBody(i))
                .thenCompose(created -> {
                    note(created, create, createdOk, i, "CreateThing " + prefix + i);
                    return send("PATCH", path, updateBody(i));
                })
                .thenAccept(updated -> note(updated, update, updatedOk, i, "UpdateThing " + prefix + i));
    }

    private CompletableFuture<SignedHttp.Result> send(String method, String path, byte[] body) {
        try {
            return http.send(method, path, body);
        } catch (RuntimeException failure) {
            long now = System.nanoTime();
            return CompletableFuture.completedFuture(new SignedHttp.Result(-1, failure.toString(), now, now));
        }
    }

    private void note(SignedHttp.Result result, Histogram byOperation, long[] okAt, int i, String what) {
        if (result.ok()) {
            okAt[i] = result.endNanos();
            ok.incrementAndGet();
            long micros = Math.max(1, result.micros());
            all.recordValue(micros);
            byOperation.recordValue(micros);
        } else {
            error(what + " -> " + (result.status() < 0 ? "no answer" : "HTTP " + result.status()) + ": "
                    + abbreviate(result.body()));
        }
    }

    private void error(String description) {
        errors.incrementAndGet();
        if (errorsKept.incrementAndGet() <= ERRORS_KEPT) {
            firstErrors.add(description);
        }
    }

    static byte[] createBody(int i) {
        return ("{\"attributePayload\":{\"attributes\":{\"n\":\"" + i + "\"}}}").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] updateBody(int i) {
        return ("{\"attributePayload\":{\"attributes\":{\"n\":\"" + i + "\",\"u\":\"1\"},\"merge\":true}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        return body.length() <= 300 ? body : body.substring(0, 300) + "…";
    }

    private static Histogram histogram() {
        return new ConcurrentHistogram(3_600_000_000L, 3); // microseconds, up to an hour, 3 significant digits
    }
}
