package io.iotdm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A full rebuild of the fleet index, timed through DescribeIndex, against the raw OpenSearch bulk rate of the same
 * number of documents shaped like the index's, in the same run.
 */
@Command(
        name = "fleet-rebuild",
        mixinStandardHelpOptions = true,
        description = {
            "Triggers a rebuild of AWS_Things (UpdateIndexingConfiguration flips namedShadowIndexingMode ON<->OFF,",
            "which changes which documents the index stores) and times it with DescribeIndex (REBUILDING ->",
            "ACTIVE, iotdm-index-progress). Then, in the same run, bulk-creates as many documents shaped like the",
            "index's (the fleet-load things) into a scratch index with the live index's settings and mapping, 500 per",
            "bulk, 1 bulk in flight, as the rebuild writes; reports both rates and their ratio; deletes the scratch",
            "index."
        })
final class FleetRebuild implements Callable<Integer> {

    static final String SCRATCH_INDEX = "bench_raw_things";
    private static final String ALIAS = "aws_things";

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Mixin
    OpenSearchOptions engine;

    @Option(names = "--prefix", defaultValue = "fleet", description = "as fleet-load (${DEFAULT-VALUE})")
    String prefix;

    @Option(names = "--shadow-percent", defaultValue = "70", description = "as fleet-load (${DEFAULT-VALUE})")
    int shadowPercent;

    @Option(names = "--poll-ms", defaultValue = "250", description = "DescribeIndex interval (${DEFAULT-VALUE})")
    int pollMillis;

    @Option(names = "--timeout", defaultValue = "PT90M", description = "give up on the rebuild (${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--bulk-size", defaultValue = "500", description = "raw: documents per bulk (${DEFAULT-VALUE})")
    int bulkSize;

    @Option(names = "--no-rebuild", description = "skip the rebuild; only the raw bulk rate of the live index's size")
    boolean noRebuild;

    @Option(names = "--no-raw", description = "skip the raw OpenSearch bulk baseline")
    boolean noRaw;

    @Option(names = "--keep-scratch", description = "leave the scratch index " + SCRATCH_INDEX + " behind")
    boolean keepScratch;

    private record Described(String status, long done, long total, long atNanos) {}

    private record Rebuild(long things, double seconds, double streamSeconds, long streamed, String from, String to) {
        double rate() {
            return things / seconds;
        }

        double streamRate() {
            return streamed / streamSeconds;
        }
    }

    private record Raw(long docs, double seconds, long errors, String firstError) {
        double rate() {
            return docs / seconds;
        }
    }

    @Override
    public Integer call() throws Exception {
        engine.applyStackFile(api, spec);
        FleetShape shape = new FleetShape(prefix, shadowPercent);
        System.out.printf(Locale.ROOT, "fleet-rebuild: %s, OpenSearch %s%n", api.endpoint, engine.opensearch);
        try (SignedHttp http = api.http(SignedHttp.Client.vertx, 1, 4);
                OpenSearchHttp os = new OpenSearchHttp(engine.opensearch)) {
            Described before = awaitActive(http);
            System.out.printf(Locale.ROOT, "AWS_Things is %s on %s%n", before.status(), physical(os));

            Rebuild rebuild = null;
            if (!noRebuild) {
                rebuild = rebuild(http, os);
            }
            String live = physical(os);
            long liveDocs = os.get("/" + ALIAS + "/_count")
                    .orThrow("count")
                    .json()
                    .path("count")
                    .asLong();
            System.out.printf(Locale.ROOT, "live index %s: %,d things%n", live, liveDocs);

            Raw raw = null;
            if (!noRaw) {
                long docs = rebuild != null ? rebuild.things() : liveDocs;
                raw = raw(os, live, shape, docs);
            }
            report(rebuild, raw);
            return 0;
        }
    }

    // ---- the rebuild ----

    private Rebuild rebuild(SignedHttp http, OpenSearchHttp os) throws Exception {
        String from = physical(os);
        SignedHttp.Result got =
                http.send("GET", "/indexing/config", new byte[0]).join();
        if (!got.ok()) {
            throw new IllegalStateException("GetIndexingConfiguration: " + got.status() + " " + got.body());
        }
        ObjectNode thing = (ObjectNode) OpenSearchHttp.JSON.readTree(got.body()).path("thingIndexingConfiguration");
        String namedBefore = thing.path("namedShadowIndexingMode").asText("OFF");
        String namedAfter = "ON".equals(namedBefore) ? "OFF" : "ON";
        thing.put("namedShadowIndexingMode", namedAfter);
        ObjectNode update = OpenSearchHttp.JSON.createObjectNode();
        update.set("thingIndexingConfiguration", thing);
        System.out.printf(
                Locale.ROOT,
                "UpdateIndexingConfiguration: namedShadowIndexingMode %s -> %s (thingIndexingMode %s)%n",
                namedBefore,
                namedAfter,
                thing.path("thingIndexingMode").asText());
        SignedHttp.Result updated = http.send(
                        "POST", "/indexing/config", update.toString().getBytes(StandardCharsets.UTF_8))
                .join();
        if (!updated.ok()) {
            throw new IllegalStateException("UpdateIndexingConfiguration: " + updated.status() + " " + updated.body());
        }
        long started = updated.endNanos();
        long deadline = started + timeout.toNanos();
        long firstProgressNanos = -1;
        long firstProgressDone = 0;
        long allDoneNanos = -1;
        long lastPrint = started;
        long lastDone = 0;
        long total = 0;
        boolean sawRebuilding = false;
        while (true) {
            Described d = describe(http);
            if ("REBUILDING".equals(d.status()) || "BUILDING".equals(d.status())) {
                sawRebuilding = true;
            }
            if (d.total() > 0) {
                total = d.total();
            }
            if (d.done() > 0 && firstProgressNanos < 0) {
                firstProgressNanos = d.atNanos();
                firstProgressDone = d.done();
                System.out.printf(
                        Locale.ROOT,
                        "  %5.1f s: first progress %,d/%,d%n",
                        (d.atNanos() - started) / 1e9,
                        d.done(),
                        d.total());
            }
            if (d.done() > lastDone) {
                lastDone = d.done();
                if (total > 0 && lastDone >= total && allDoneNanos < 0) {
                    allDoneNanos = d.atNanos();
                }
            }
            if ("ACTIVE".equals(d.status()) && (sawRebuilding || !physical(os).equals(from))) {
                double seconds = (d.atNanos() - started) / 1e9;
                long things = Math.max(total, lastDone);
                long streamEnd = allDoneNanos > 0 ? allDoneNanos : d.atNanos();
                double streamSeconds = firstProgressNanos > 0 ? (streamEnd - firstProgressNanos) / 1e9 : seconds;
                long streamed = firstProgressNanos > 0 ? things - firstProgressDone : things;
                String to = physical(os);
                System.out.printf(Locale.ROOT, "  %5.1f s: ACTIVE on %s (%,d things)%n", seconds, to, things);
                return new Rebuild(things, seconds, streamSeconds, streamed, from, to);
            }
            if (d.atNanos() - lastPrint >= 10_000_000_000L) {
                lastPrint = d.atNanos();
                System.out.printf(
                        Locale.ROOT,
                        "  %5.1f s: %s %,d/%,d%n",
                        (d.atNanos() - started) / 1e9,
                        d.status(),
                        d.done(),
                        d.total());
            }
            if (d.atNanos() > deadline) {
                throw new IllegalStateException("the rebuild did not finish within " + timeout);
            }
            Thread.sleep(pollMillis);
        }
    }

    private Described awaitActive(SignedHttp http) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Described d = describe(http);
        boolean said = false;
        while (!"ACTIVE".equals(d.status())) {
            if (!said) {
                System.out.printf(
                        Locale.ROOT,
                        "AWS_Things is %s (%,d/%,d); waiting for ACTIVE%n",
                        d.status(),
                        d.done(),
                        d.total());
                said = true;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("AWS_Things did not become ACTIVE within " + timeout);
            }
            Thread.sleep(1000);
            d = describe(http);
        }
        return d;
    }

    private static Described describe(SignedHttp http) throws IOException {
        SignedHttp.Result r =
                http.send("GET", "/indices/AWS_Things", new byte[0]).join();
        if (!r.ok()) {
            throw new IllegalStateException("DescribeIndex: " + r.status() + " " + r.body());
        }
        String status =
                OpenSearchHttp.JSON.readTree(r.body()).path("indexStatus").asText();
        String progress = r.header("iotdm-index-progress");
        long done = 0;
        long total = 0;
        if (progress != null && progress.indexOf('/') > 0) {
            done = Long.parseLong(progress.substring(0, progress.indexOf('/')).trim());
            total = Long.parseLong(progress.substring(progress.indexOf('/') + 1).trim());
        }
        return new Described(status, done, total, r.endNanos());
    }

    /** The physical index behind the alias. */
    private static String physical(OpenSearchHttp os) throws IOException, InterruptedException {
        Iterator<String> names =
                os.get("/_alias/" + ALIAS).orThrow("alias").json().fieldNames();
        return names.hasNext() ? names.next() : "(none)";
    }

    // ---- the raw baseline ----

    private Raw raw(OpenSearchHttp os, String live, FleetShape shape, long docs) throws Exception {
        JsonNode mapping = os.get("/" + live + "/_mapping")
                .orThrow("mapping")
                .json()
                .path(live)
                .path("mappings");
        ObjectNode settings = (ObjectNode) os.get("/" + live + "/_settings")
                .orThrow("settings")
                .json()
                .path(live)
                .path("settings")
                .path("index")
                .deepCopy();
        for (String generated : List.of("uuid", "version", "creation_date", "provided_name")) {
            settings.remove(generated);
        }
        ObjectNode definition = OpenSearchHttp.JSON.createObjectNode();
        definition.putObject("settings").set("index", settings);
        definition.set("mappings", mapping);
        os.delete("/" + SCRATCH_INDEX);
        os.put("/" + SCRATCH_INDEX, definition.toString()).orThrow("creating " + SCRATCH_INDEX);
        System.out.printf(
                Locale.ROOT,
                "raw: scratch index %s with %s's settings %s and its mapping (%d mapped fields)%n",
                SCRATCH_INDEX,
                live,
                settings,
                mapping.path("properties").size());
        try {
            checkLayout(os, live, shape, docs);
            return bulk(os, shape, docs);
        } finally {
            if (!keepScratch) {
                os.delete("/" + SCRATCH_INDEX);
            }
        }
    }

    /** Compares a few documents of the live index with the ones the raw run generates for the same things. */
    private void checkLayout(OpenSearchHttp os, String live, FleetShape shape, long docs) throws Exception {
        int compared = 0;
        int withShadow = 0;
        List<String> differences = new ArrayList<>();
        for (long i : new long[] {0, 1, 2, 3, docs / 3, docs / 2, docs - 1}) {
            if (i < 0 || i >= docs) {
                continue;
            }
            OpenSearchHttp.Answer answer = os.get("/" + live + "/_doc/" + shape.name(i));
            if (answer.status() == 404) {
                differences.add(shape.name(i) + " is not in the live index");
                continue;
            }
            JsonNode real = answer.orThrow("GET doc").json().path("_source");
            Map<String, Object> generated = shape.document(
                    i,
                    real.path("sync.registry.version").asLong(),
                    real.path("sync.registry.timestamp").asLong(),
                    real.path("sync.shadow.timestamp").asLong());
            JsonNode mine = OpenSearchHttp.JSON.valueToTree(generated);
            compared++;
            if (real.has("shadow.version")) {
                withShadow++;
            }
            real.fieldNames().forEachRemaining(field -> {
                if (!mine.has(field)) {
                    differences.add(shape.name(i) + ": " + field + " only in the index");
                } else if (!mine.get(field).asText().equals(real.get(field).asText())) {
                    differences.add(shape.name(i) + ": " + field + " = " + real.get(field) + " in the index, "
                            + mine.get(field) + " generated");
                }
            });
            mine.fieldNames().forEachRemaining(field -> {
                if (!real.has(field)) {
                    differences.add(shape.name(i) + ": " + field + " only generated");
                }
            });
        }
        System.out.printf(
                Locale.ROOT,
                "raw: layout check, %d documents of the live index (%d with a shadow) against the generated ones: %s%n",
                compared,
                withShadow,
                differences.isEmpty() ? "same fields, same values" : differences.size() + " differences");
        differences.stream().limit(10).forEach(d -> System.out.println("  " + d));
    }

    /** {@code create} operations, bulkSize per request, one request in flight; the next body is built meanwhile. */
    private Raw bulk(OpenSearchHttp os, FleetShape shape, long docs) throws Exception {
        long lastModified = System.currentTimeMillis();
        long shadowSeconds = lastModified / 1000;
        String path = "/" + SCRATCH_INDEX + "/_bulk";
        long errors = 0;
        String firstError = null;
        long start = System.nanoTime();
        long lastPrint = start;
        CompletableFuture<OpenSearchHttp.Answer> inFlight = null;
        long sent = 0;
        for (long first = 0; first < docs || inFlight != null; first += bulkSize) {
            byte[] body = first < docs
                    ? body(shape, first, Math.min(docs, first + bulkSize), lastModified, shadowSeconds)
                    : null;
            if (inFlight != null) {
                OpenSearchHttp.Answer answer = inFlight.join();
                if (!answer.ok()) {
                    throw new IllegalStateException("bulk answered " + answer.status() + ": " + answer.body());
                }
                String head =
                        answer.body().substring(0, Math.min(100, answer.body().length()));
                if (head.contains("\"errors\":true")) {
                    for (JsonNode item : answer.json().path("items")) {
                        JsonNode error = item.path("create").path("error");
                        if (!error.isMissingNode()) {
                            errors++;
                            if (firstError == null) {
                                firstError = error.toString();
                            }
                        }
                    }
                }
                inFlight = null;
            }
            if (body != null) {
                inFlight = os.bulkAsync(path, body);
                sent = Math.min(docs, first + bulkSize);
            }
            long now = System.nanoTime();
            if (now - lastPrint >= 10_000_000_000L) {
                lastPrint = now;
                System.out.printf(
                        Locale.ROOT,
                        "  raw %5.1f s: %,d/%,d (%,.0f docs/s)%n",
                        (now - start) / 1e9,
                        sent,
                        docs,
                        sent / ((now - start) / 1e9));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Raw(docs, seconds, errors, firstError);
    }

    private static byte[] body(FleetShape shape, long from, long to, long lastModified, long shadowSeconds)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) (to - from) * 900);
        for (long i = from; i < to; i++) {
            out.write(("{\"create\":{\"_id\":\"" + shape.name(i) + "\"}}\n").getBytes(StandardCharsets.UTF_8));
            OpenSearchHttp.JSON.writeValue(out, shape.document(i, i + 1, lastModified, shadowSeconds));
            out.write('\n');
        }
        return out.toByteArray();
    }

    // ---- report ----

    private void report(Rebuild rebuild, Raw raw) {
        System.out.println();
        if (rebuild != null) {
            System.out.printf(
                    Locale.ROOT,
                    "rebuild    %,d things in %.1f s = %,.0f things/s (UpdateIndexingConfiguration 200 OK -> ACTIVE;"
                            + " %s -> %s); streaming phase %,d things in %.1f s = %,.0f things/s%n",
                    rebuild.things(),
                    rebuild.seconds(),
                    rebuild.rate(),
                    rebuild.from(),
                    rebuild.to(),
                    rebuild.streamed(),
                    rebuild.streamSeconds(),
                    rebuild.streamRate());
        }
        if (raw != null) {
            System.out.printf(
                    Locale.ROOT,
                    "raw bulk   %,d docs in %.1f s = %,.0f docs/s (create, %d per bulk, 1 in flight), %d errors%s%n",
                    raw.docs(),
                    raw.seconds(),
                    raw.rate(),
                    bulkSize,
                    raw.errors(),
                    raw.firstError() == null ? "" : " (first: " + raw.firstError() + ")");
        }
        if (rebuild != null && raw != null) {
            double ratio = rebuild.rate() / raw.rate();
            System.out.printf(
                    Locale.ROOT,
                    "ratio      rebuild / raw = %.2f (streaming phase: %.2f); target >= 0.5: %s%n",
                    ratio,
                    rebuild.streamRate() / raw.rate(),
                    ratio >= 0.5 ? "met" : "MISSED");
            System.out.printf(
                    Locale.ROOT,
                    "%n| fleet-rebuild | %s | %,d things | %.1f s | %,.0f/s | %,.0f/s | %,.0f/s | %.2f |%n",
                    java.time.LocalDate.now(java.time.ZoneOffset.UTC),
                    rebuild.things(),
                    rebuild.seconds(),
                    rebuild.rate(),
                    rebuild.streamRate(),
                    raw.rate(),
                    ratio);
        }
    }
}
