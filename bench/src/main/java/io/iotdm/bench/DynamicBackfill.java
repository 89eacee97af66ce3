package io.iotdm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A new dynamic group over the loaded fleet ({@code fleet-load}, then a rebuild so that the index has it): the time
 * from CreateDynamicThingGroup's 200 until DescribeThingGroup says ACTIVE, against reading the same things' names
 * straight from OpenSearch with search_after in the same run (the least a backfill must do); then the time its
 * deletion takes, every member leaving with its event.
 */
@Command(
        name = "dynamic-backfill",
        mixinStandardHelpOptions = true,
        description = {
            "CreateDynamicThingGroup over the loaded fleet and the time until it is ACTIVE, against paging the",
            "matching names straight out of OpenSearch (search_after, pages of 1000) in the same run."
        })
final class DynamicBackfill implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Mixin
    OpenSearchOptions engine;

    @Option(
            names = "--query",
            defaultValue = "attributes.model:*",
            description = "the group's query (${DEFAULT-VALUE}: every loaded thing)")
    String query;

    @Option(
            names = "--raw-field",
            defaultValue = "attributes.model",
            description = "the field whose existence the raw baseline pages through (${DEFAULT-VALUE})")
    String rawField;

    @Override
    public Integer call() throws Exception {
        engine.applyStackFile(api, spec);
        String group = "backfill" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        System.out.printf(Locale.ROOT, "dynamic-backfill: %s, group %s, query %s%n", api.endpoint, group, query);
        long raw;
        double rawSeconds;
        try (OpenSearchHttp os = new OpenSearchHttp(engine.opensearch)) {
            long started = System.nanoTime();
            raw = rawPages(os);
            rawSeconds = (System.nanoTime() - started) / 1e9;
        }
        System.out.printf(Locale.ROOT, "raw        %d names from OpenSearch in %.2f s%n", raw, rawSeconds);

        try (SignedHttp http = api.http(SignedHttp.Client.vertx, 1, 4)) {
            byte[] body =
                    ("{\"queryString\":\"" + query.replace("\"", "\\\"") + "\"}").getBytes(StandardCharsets.UTF_8);
            long started = System.nanoTime();
            DynamicMembership.ok(
                    http.send("POST", "/dynamic-thing-groups/" + group, body).join(), "CreateDynamicThingGroup");
            String status = "";
            String lastProgress = "";
            while (!status.equals("ACTIVE") && System.nanoTime() - started < 600_000_000_000L) {
                Thread.sleep(100);
                SignedHttp.Result described = http.send("GET", "/thing-groups/" + group, DynamicMembership.NO_BODY)
                        .join();
                DynamicMembership.ok(described, "DescribeThingGroup");
                status = DynamicMembership.status(described);
                String progress = java.util.Objects.requireNonNullElse(described.header("iotdm-backfill-progress"), "");
                if (!progress.equals(lastProgress)) {
                    System.out.printf(
                            Locale.ROOT, "\r%-10s %s  %.1f s", status, progress, (System.nanoTime() - started) / 1e9);
                    lastProgress = progress;
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.println();
            long members;
            // the JDK client for the long listing (the Vert.x one ended early on a long series of GETs here)
            try (SignedHttp pages = api.http(SignedHttp.Client.jdk, 1, 1)) {
                members = members(pages, group);
            }
            System.out.printf(
                    Locale.ROOT,
                    "iotdm      %s after %.2f s with %d members (raw baseline %d); %.0f things/s%n",
                    status,
                    seconds,
                    members,
                    raw,
                    members / seconds);
            System.out.println("target     ACTIVE within 20 s over 100,000 things: "
                    + (status.equals("ACTIVE") && seconds <= 20 ? "met" : "MISSED") + "; time vs raw paging "
                    + String.format(Locale.ROOT, "%.1f", seconds / rawSeconds) + "x");
            System.out.printf(
                    Locale.ROOT,
                    "%n| dynamic-backfill | %s | %s | %d | %.2f | %.2f | %.1fx |%n",
                    java.time.LocalDate.now(java.time.ZoneOffset.UTC),
                    query,
                    members,
                    seconds,
                    rawSeconds,
                    seconds / rawSeconds);
            // the deletion: every member leaves (removal-batch-size per transaction, each with its event), then the
            // group; compared with the backfill that made them join, in the same run
            long deleting = System.nanoTime();
            DynamicMembership.ok(
                    http.send("DELETE", "/dynamic-thing-groups/" + group, DynamicMembership.NO_BODY)
                            .join(),
                    "DeleteDynamicThingGroup");
            double deletion = (System.nanoTime() - deleting) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "deletion   %d members left and the group was deleted in %.2f s (%.0f things/s; %.2fx the"
                            + " backfill's time)%n",
                    members,
                    deletion,
                    members / deletion,
                    deletion / seconds);
            return members == raw ? 0 : 1;
        }
    }

    /** Pages the names of the things with the field out of the live thing index; @return how many */
    private long rawPages(OpenSearchHttp os) throws Exception {
        long count = 0;
        String after = null;
        while (true) {
            String body = "{\"size\":1000,\"query\":{\"exists\":{\"field\":\"" + rawField + "\"}},"
                    + "\"sort\":[{\"thingName\":\"asc\"}],\"_source\":false,\"track_total_hits\":false"
                    + (after == null ? "" : ",\"search_after\":[" + OpenSearchHttp.JSON.writeValueAsString(after) + "]")
                    + "}";
            JsonNode hits = os.post("/aws_things/_search", body)
                    .orThrow("search")
                    .json()
                    .path("hits")
                    .path("hits");
            if (hits.isEmpty()) {
                return count;
            }
            count += hits.size();
            after = hits.get(hits.size() - 1).path("sort").get(0).asText();
        }
    }

    private static long members(SignedHttp http, String group) {
        long count = 0;
        String token = null;
        do {
            String path = "/thing-groups/" + group + "/things?maxResults=250"
                    + (token == null ? "" : "&nextToken=" + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8));
            SignedHttp.Result page =
                    http.send("GET", path, DynamicMembership.NO_BODY).join();
            DynamicMembership.ok(page, "ListThingsInThingGroup");
            try {
                JsonNode json = OpenSearchHttp.JSON.readTree(page.body());
                count += json.path("things").size();
                token = json.path("nextToken").isTextual()
                        ? json.path("nextToken").asText()
                        : null;
            } catch (java.io.IOException unreadable) {
                throw new IllegalStateException(unreadable);
            }
        } while (token != null);
        return count;
    }
}
