package io.iotdm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * SearchIndex over the loaded fleet with a 3-term query, closed loop, and the same query straight against OpenSearch
 * at the same concurrency: what the service adds to the engine.
 */
@Command(
        name = "fleet-search",
        mixinStandardHelpOptions = true,
        description = {
            "SearchIndex through the api-gateway (SigV4), closed loop at --concurrency for --seconds, with",
            "  attributes.model:m<a> AND attributes.site:s<b> AND shadow.reported.temp > <t>",
            "(a, b, t drawn per request over the fleet-load values); then the query as the service translates it",
            "(bool filter of two case-insensitive terms and a range on numeric.shadow.reported.temp, through the",
            "aws_things alias, sorted by thingName, maxResults + 1 hits, the same source excludes) straight against",
            "OpenSearch at the same concurrency."
        })
final class FleetSearch implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Mixin
    OpenSearchOptions engine;

    @Option(
            names = "--seconds",
            defaultValue = "30",
            description = "measured duration of each phase (${DEFAULT-VALUE})")
    int seconds;

    @Option(
            names = "--warmup-seconds",
            defaultValue = "5",
            description = "unmeasured, before each phase (${DEFAULT-VALUE})")
    int warmupSeconds;

    @Option(names = "--concurrency", defaultValue = "16", description = "searches in flight (${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--max-results", defaultValue = "100", description = "SearchIndex maxResults (${DEFAULT-VALUE})")
    int maxResults;

    @Option(
            names = "--temp-min",
            defaultValue = "10",
            description = "the temp threshold is drawn from [min, max) (${DEFAULT-VALUE})")
    int tempMin;

    @Option(names = "--temp-max", defaultValue = "30", description = "(${DEFAULT-VALUE})")
    int tempMax;

    @Option(names = "--no-raw", description = "skip the raw OpenSearch phase")
    boolean noRaw;

    @Option(names = "--no-service", description = "skip the SearchIndex phase")
    boolean noService;

    /** A query's values. */
    private record Terms(int model, int site, int temp) {
        static Terms draw(int tempMin, int tempMax) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            return new Terms(
                    random.nextInt(FleetShape.MODELS),
                    random.nextInt(FleetShape.SITES),
                    random.nextInt(tempMin, tempMax));
        }

        String queryString() {
            return "attributes.model:m" + model + " AND attributes.site:s" + site + " AND shadow.reported.temp > "
                    + temp;
        }
    }

    /** One phase's outcome. */
    private record Phase(
            String name,
            long ok,
            long errors,
            double seconds,
            Histogram micros,
            double meanHits,
            List<String> firstErrors) {
        double rate() {
            return ok / seconds;
        }

        double ms(double percentile) {
            return micros.getTotalCount() == 0 ? 0 : micros.getValueAtPercentile(percentile) / 1e3;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (concurrency < 1 || seconds < 1 || tempMax <= tempMin || maxResults < 1 || maxResults > 100) {
            System.err.println(
                    "bench: --concurrency, --seconds positive; --temp-min < --temp-max; --max-results 1..100");
            return 2;
        }
        engine.applyStackFile(api, spec);
        System.out.printf(
                Locale.ROOT,
                "fleet-search: %s and OpenSearch %s, concurrency %d, %d s (+%d s warmup) per phase, maxResults %d%n",
                api.endpoint,
                engine.opensearch,
                concurrency,
                seconds,
                warmupSeconds,
                maxResults);
        System.out.println("query      " + new Terms(7, 42, 20).queryString() + " (values drawn per request)");
        try (OpenSearchHttp os = new OpenSearchHttp(engine.opensearch)) {
            long live = os.get("/aws_things/_count")
                    .orThrow("count")
                    .json()
                    .path("count")
                    .asLong();
            System.out.printf(Locale.ROOT, "index      aws_things: %,d things%n", live);
        }
        Phase service = null;
        Phase raw = null;
        if (!noService) {
            try (SignedHttp http = api.http(SignedHttp.Client.vertx, 1, concurrency)) {
                Supplier<CompletableFuture<SignedHttp.Result>> search = () -> {
                    Terms terms = Terms.draw(tempMin, tempMax);
                    String body = "{\"indexName\":\"AWS_Things\",\"queryString\":\"" + terms.queryString()
                            + "\",\"maxResults\":" + maxResults + "}";
                    return http.send("POST", "/indices/search", body.getBytes(StandardCharsets.UTF_8));
                };
                run("SearchIndex (warmup)", warmupSeconds, search, "things");
                service = run("SearchIndex", seconds, search, "things");
                print(service);
            }
        }
        if (!noRaw) {
            try (VertxTransport transport =
                    new VertxTransport(engine.opensearch, 1, concurrency, Duration.ofSeconds(30))) {
                URI uri = engine.opensearch.resolve("/aws_things/_search");
                Map<String, List<String>> headers = Map.of("Content-Type", List.of("application/json"));
                Supplier<CompletableFuture<SignedHttp.Result>> search = () -> transport.send(
                        "POST",
                        uri,
                        headers,
                        rawQuery(Terms.draw(tempMin, tempMax)).getBytes(StandardCharsets.UTF_8));
                run("OpenSearch (warmup)", warmupSeconds, search, "hits");
                raw = run("OpenSearch direct", seconds, search, "hits");
                print(raw);
            }
        }
        report(service, raw);
        return 0;
    }

    /**
     * What QueryTranslator and SearchService send for this query in AWS's order: an AND is a bool filter, a keyword
     * value a case-insensitive term, {@code > n} a range on the numeric twin; size maxResults + 1 (to know whether
     * there is a next page), no total count, thingName order, the same source excludes.
     */
    private String rawQuery(Terms terms) {
        return "{\"query\":{\"bool\":{\"filter\":["
                + "{\"term\":{\"attributes.model\":{\"value\":\"m" + terms.model() + "\",\"case_insensitive\":true}}},"
                + "{\"term\":{\"attributes.site\":{\"value\":\"s" + terms.site() + "\",\"case_insensitive\":true}}},"
                + "{\"range\":{\"numeric.shadow.reported.temp\":{\"gt\":" + (double) terms.temp() + "}}}]}},"
                + "\"size\":" + (maxResults + 1) + ",\"track_total_hits\":false,"
                + "\"sort\":[{\"thingName\":{\"order\":\"asc\",\"unmapped_type\":\"keyword\"}}],"
                + "\"_source\":{\"excludes\":[\"shadow.*\",\"numeric.*\",\"sync.*\",\"live\",\"registry.*\"]}}";
    }

    /** Closed loop: each of {@code concurrency} lanes sends its next search when the previous one is answered. */
    private Phase run(String name, int duration, Supplier<CompletableFuture<SignedHttp.Result>> search, String member)
            throws InterruptedException {
        Histogram micros = new ConcurrentHistogram(60_000_000L, 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong sampledHits = new AtomicLong();
        AtomicLong samples = new AtomicLong();
        ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();
        CountDownLatch lanes = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        long end = start + duration * 1_000_000_000L;
        for (int lane = 0; lane < concurrency; lane++) {
            new Lane(
                            search,
                            end,
                            result -> {
                                if (result.ok()) {
                                    long n = ok.incrementAndGet();
                                    micros.recordValue(Math.min(result.micros(), 60_000_000L));
                                    if (n % 16 == 0) { // parse a sample only: the generator shares the 2 cores
                                        sampledHits.addAndGet(hits(result.body(), member));
                                        samples.incrementAndGet();
                                    }
                                } else {
                                    errors.incrementAndGet();
                                    if (firstErrors.size() < 5) {
                                        firstErrors.add(result.status() + " " + result.body());
                                    }
                                }
                            },
                            lanes::countDown)
                    .next();
        }
        lanes.await();
        double wall = (System.nanoTime() - start) / 1e9;
        return new Phase(
                name,
                ok.get(),
                errors.get(),
                wall,
                micros,
                samples.get() == 0 ? 0 : (double) sampledHits.get() / samples.get(),
                new ArrayList<>(firstErrors));
    }

    private static long hits(String body, String member) {
        try {
            JsonNode json = OpenSearchHttp.JSON.readTree(body);
            return member.equals("hits")
                    ? json.path("hits").path("hits").size()
                    : json.path(member).size();
        } catch (Exception e) {
            return 0;
        }
    }

    private static final class Lane {
        private final Supplier<CompletableFuture<SignedHttp.Result>> search;
        private final long end;
        private final java.util.function.Consumer<SignedHttp.Result> record;
        private final Runnable done;

        Lane(
                Supplier<CompletableFuture<SignedHttp.Result>> search,
                long end,
                java.util.function.Consumer<SignedHttp.Result> record,
                Runnable done) {
            this.search = search;
            this.end = end;
            this.record = record;
            this.done = done;
        }

        void next() {
            if (System.nanoTime() >= end) {
                done.run();
                return;
            }
            search.get().whenComplete((result, failure) -> {
                if (result != null) {
                    record.accept(result);
                }
                next();
            });
        }
    }

    private static void print(Phase p) {
        System.out.printf(
                Locale.ROOT,
                "%-17s %,d searches in %.1f s = %,.0f/s; p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms; %d errors;"
                        + " %.1f hits per answer (sampled)%n",
                p.name(),
                p.ok(),
                p.seconds(),
                p.rate(),
                p.ms(50),
                p.ms(95),
                p.ms(99),
                p.micros().getMaxValue() / 1e3,
                p.errors(),
                p.meanHits());
        p.firstErrors().forEach(e -> System.out.println("  error: " + e.substring(0, Math.min(300, e.length()))));
    }

    private void report(Phase service, Phase raw) {
        System.out.println();
        if (service != null) {
            System.out.println("targets    SearchIndex p99 <= 50 ms: " + (service.ms(99) <= 50 ? "met" : "MISSED")
                    + ", >= 300 searches/s: " + (service.rate() >= 300 ? "met" : "MISSED"));
        }
        if (service != null && raw != null) {
            System.out.printf(
                    Locale.ROOT,
                    "ratio      SearchIndex / OpenSearch searches/s = %.2f; p99 %.1f ms vs %.1f ms (+%.1f ms)%n",
                    service.rate() / raw.rate(),
                    service.ms(99),
                    raw.ms(99),
                    service.ms(99) - raw.ms(99));
            System.out.printf(
                    Locale.ROOT,
                    "%n| fleet-search | %s | %d | %,.0f/s | %.1f | %.1f | %.1f | %d | %,.0f/s | %.1f | %.1f | %.2f |%n",
                    java.time.LocalDate.now(java.time.ZoneOffset.UTC),
                    concurrency,
                    service.rate(),
                    service.ms(50),
                    service.ms(95),
                    service.ms(99),
                    service.errors(),
                    raw.rate(),
                    raw.ms(50),
                    raw.ms(99),
                    service.rate() / raw.rate());
        }
    }
}
