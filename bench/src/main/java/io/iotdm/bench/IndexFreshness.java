package io.iotdm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Index freshness: UpdateThing at a fixed rate through the api-gateway, and for a sample of the updates the time from
 * the 200 OK until SearchIndex returns the new value. The sampled updates go to a few probe things, which one
 * SearchIndex per poll interval reads at once, so that measuring adds a small, steady search load rather than one
 * poll loop per sample.
 */
@Command(
        name = "index-freshness",
        mixinStandardHelpOptions = true,
        description = {
            "UpdateThing at --rate per second; for every --sample-every'th update, the time from its 200 OK until",
            "SearchIndex shows it. Needs the indexing-service (./iotdm up starts it)."
        })
final class IndexFreshness implements Callable<Integer> {

    private static final JsonMapper JSON = new JsonMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Option(names = "--stack-file", description = "devstack's stack.properties (default: as registry-writes)")
    Path stackFile;

    @Option(names = "--things", defaultValue = "1000", description = "things updated in turn (${DEFAULT-VALUE})")
    int things;

    @Option(
            names = "--probes",
            defaultValue = "20",
            description = "things that take the sampled updates (${DEFAULT-VALUE})")
    int probes;

    @Option(names = "--rate", defaultValue = "500", description = "updates per second (${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--seconds", defaultValue = "30", description = "measured duration (${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--sample-every", defaultValue = "10", description = "one sampled update per N (${DEFAULT-VALUE})")
    int sampleEvery;

    @Option(names = "--poll-ms", defaultValue = "25", description = "SearchIndex poll interval (${DEFAULT-VALUE})")
    int pollMillis;

    /** A sampled update: probe {@code probe} now carries {@code seq}, acknowledged at {@code okNanos}. */
    private record Sample(int probe, long seq, long okNanos) {}

    @Override
    public Integer call() throws Exception {
        Path path = stackFile != null ? stackFile : StackFile.defaultPath();
        StackFile.read(path).ifPresent(file -> api.apply(file, spec));
        String run = "fresh" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        System.out.printf(
                Locale.ROOT,
                "index-freshness run %s: %s, %d things + %d probes, %d updates/s for %d s, 1 in %d sampled, poll %d ms%n",
                run,
                api.endpoint,
                things,
                probes,
                rate,
                seconds,
                sampleEvery,
                pollMillis);
        try (SignedHttp http = api.http(SignedHttp.Client.vertx, 1, 64)) {
            create(http, run, "t", things);
            create(http, run, "p", probes);
            Histogram freshness = new Histogram(60_000_000L, 3);
            Histogram updateMicros = new Histogram(60_000_000L, 3);
            Map<Long, Sample> pending = new ConcurrentHashMap<>();
            AtomicLong errors = new AtomicLong();
            Poller poller = new Poller(http, run, pending, freshness);
            Thread polling = Thread.ofPlatform().daemon().start(poller);

            long total = (long) rate * seconds;
            long intervalNanos = 1_000_000_000L / rate;
            long start = System.nanoTime();
            List<CompletableFuture<?>> inFlight = new ArrayList<>();
            for (long n = 1; n <= total; n++) {
                long due = start + (n - 1) * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                long seq = n;
                boolean sampled = n % sampleEvery == 0;
                int probe = (int) ((n / sampleEvery) % probes);
                String name = sampled ? run + "-p" + probe : run + "-t" + (n % things);
                byte[] body = ("{\"attributePayload\":{\"attributes\":{\"seq\":\"" + seq + "\"},\"merge\":true}}")
                        .getBytes(StandardCharsets.UTF_8);
                inFlight.add(http.send("PATCH", "/things/" + name, body).thenAccept(result -> {
                    if (!result.ok()) {
                        errors.incrementAndGet();
                        return;
                    }
                    updateMicros.recordValue(Math.min(result.micros(), 60_000_000L));
                    if (sampled) {
                        pending.put(seq, new Sample(probe, seq, result.endNanos()));
                    }
                }));
                inFlight.removeIf(CompletableFuture::isDone);
            }
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
            double wall = (System.nanoTime() - start) / 1e9;
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            poller.stop();
            polling.join();

            Percentiles fresh = Percentiles.of(freshness);
            Percentiles update = Percentiles.of(updateMicros);
            System.out.println();
            System.out.printf(
                    Locale.ROOT,
                    "updates    %d in %.1f s = %.0f/s (target %d/s), errors %d; UpdateThing p50 %.1f ms, p99 %.1f ms%n",
                    total,
                    wall,
                    total / wall,
                    rate,
                    errors.get(),
                    update.p50Micros() / 1e3,
                    update.p99Micros() / 1e3);
            System.out.printf(
                    Locale.ROOT,
                    "freshness  200 OK → visible in SearchIndex: p50 %.0f ms, p99 %.0f ms, max %.0f ms (n=%d, %d never"
                            + " seen); %d searches, search p50 %.1f ms, p99 %.1f ms%n",
                    fresh.p50Micros() / 1e3,
                    fresh.p99Micros() / 1e3,
                    fresh.maxMicros() / 1e3,
                    fresh.count(),
                    pending.size(),
                    poller.searches.get(),
                    Percentiles.of(poller.searchMicros).p50Micros() / 1e3,
                    Percentiles.of(poller.searchMicros).p99Micros() / 1e3);
            System.out.println(
                    "targets    freshness p50 <= 500 ms: " + (fresh.p50Micros() <= 500_000 ? "met" : "MISSED")
                            + ", p99 <= 1.5 s: " + (fresh.p99Micros() <= 1_500_000 ? "met" : "MISSED"));
            System.out.printf(
                    Locale.ROOT,
                    "%n| index-freshness | %s | %d/s for %d s | %.0f/s | %.0f | %.0f | %.0f | %d | %d |%n",
                    java.time.LocalDate.now(java.time.ZoneOffset.UTC),
                    rate,
                    seconds,
                    total / wall,
                    fresh.p50Micros() / 1e3,
                    fresh.p99Micros() / 1e3,
                    fresh.maxMicros() / 1e3,
                    fresh.count(),
                    errors.get());
            return 0;
        }
    }

    /** Creates {@code <run>-<kind><i>} for i below count, 64 at a time, each with the run's attribute. */
    private static void create(SignedHttp http, String run, String kind, int count) {
        List<CompletableFuture<SignedHttp.Result>> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] body = ("{\"attributePayload\":{\"attributes\":{\"run\":\"" + run + "\",\"kind\":\"" + kind
                            + "\",\"seq\":\"0\"}}}")
                    .getBytes(StandardCharsets.UTF_8);
            batch.add(http.send("POST", "/things/" + run + "-" + kind + i, body));
            if (batch.size() == 64 || i == count - 1) {
                for (CompletableFuture<SignedHttp.Result> created : batch) {
                    SignedHttp.Result result = created.join();
                    if (!result.ok()) {
                        throw new IllegalStateException("CreateThing failed: " + result.status() + " " + result.body());
                    }
                }
                batch.clear();
            }
        }
    }

    /** Reads the probes with one SearchIndex per interval and settles each sample the index now shows. */
    private final class Poller implements Runnable {

        private final SignedHttp http;
        private final byte[] query;
        private final Map<Long, Sample> pending;
        private final Histogram freshness;
        final AtomicLong searches = new AtomicLong();
        final Histogram searchMicros = new Histogram(60_000_000L, 3);
        private volatile boolean running = true;

        Poller(SignedHttp http, String run, Map<Long, Sample> pending, Histogram freshness) {
            this.http = http;
            this.query = ("{\"queryString\":\"attributes.run:" + run + " AND attributes.kind:p\",\"maxResults\":100}")
                    .getBytes(StandardCharsets.UTF_8);
            this.pending = pending;
            this.freshness = freshness;
        }

        void stop() {
            running = false;
        }

        @Override
        public void run() {
            while (running) {
                long polled = System.nanoTime();
                SignedHttp.Result result =
                        http.send("POST", "/indices/search", query).join();
                searches.incrementAndGet();
                if (result.ok()) {
                    searchMicros.recordValue(Math.min(result.micros(), 60_000_000L));
                    settle(result.body(), result.endNanos());
                }
                long sleep = pollMillis * 1_000_000L - (System.nanoTime() - polled);
                if (sleep > 0) {
                    try {
                        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        /** A sample is visible once its probe's indexed seq has reached it (later updates only raise it). */
        private void settle(String body, long seenNanos) {
            Map<Integer, Long> indexed = new java.util.HashMap<>();
            try {
                for (JsonNode thing : JSON.readTree(body).path("things")) {
                    String name = thing.path("thingName").asText();
                    int probe = Integer.parseInt(name.substring(name.lastIndexOf("-p") + 2));
                    indexed.put(
                            probe,
                            Long.parseLong(thing.path("attributes").path("seq").asText("0")));
                }
            } catch (Exception unreadable) {
                return;
            }
            pending.values().removeIf(sample -> {
                Optional<Long> seq = Optional.ofNullable(indexed.get(sample.probe()));
                if (seq.isPresent() && seq.get() >= sample.seq()) {
                    freshness.recordValue(Math.max(0, (seenNanos - sample.okNanos()) / 1_000));
                    return true;
                }
                return false;
            });
        }
    }
}
