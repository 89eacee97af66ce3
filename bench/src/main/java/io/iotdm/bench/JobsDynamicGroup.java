package io.iotdm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * CreateJob over a big dynamic group (issue 17's target (b): 1,000,000 things, answered in ≤ 1 s, fully targeted in ≤
 * 60 s): a dynamic group over the loaded fleet ({@code fleet-load}, then {@code fleet-rebuild} so that the index has
 * it), waited for until ACTIVE; then CreateJob on it without a rate, its answer timed, and DescribeJob polled until its
 * jobProcessDetails count an execution for every member (no device is connected: they stay QUEUED).
 */
@Command(
        name = "jobs-dynamic-group",
        mixinStandardHelpOptions = true,
        description = {
            "CreateJob on a new dynamic group over the loaded fleet (fleet-load + fleet-rebuild first): its answer",
            "time, then the time until DescribeJob counts --things executions (polled every --poll-ms)."
        })
final class JobsDynamicGroup implements Callable<Integer> {

    @Option(names = "--things", required = true, description = "the group's members, as fleet-load loaded them")
    long things;

    @Option(
            names = "--query",
            defaultValue = "attributes.model:*",
            description = "the group's query (${DEFAULT-VALUE}: every loaded thing)")
    String query;

    @Option(names = "--poll-ms", defaultValue = "250", description = "DescribeJob's polling (${DEFAULT-VALUE})")
    int pollMillis;

    @Option(names = "--timeout-seconds", defaultValue = "900", description = "give up (${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Mixin
    GatewayOptions gateway;

    @Override
    public Integer call() throws Exception {
        String prefix = "bench-dyn-" + UUID.randomUUID().toString().substring(0, 8);
        try (GatewayRig rig = gateway.open()) {
            long building = System.nanoTime();
            String group = rig.api
                    .send(
                            "POST",
                            "/dynamic-thing-groups/" + prefix,
                            JobsRig.JSON.createObjectNode().put("queryString", query),
                            Map.of())
                    .join()
                    .path("thingGroupArn")
                    .asText();
            long end = building + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (!"ACTIVE".equals(describeGroup(rig, prefix).path("status").asText())) {
                if (System.nanoTime() > end) {
                    System.err.println("bench: the dynamic group is still not ACTIVE");
                    return 1;
                }
                TimeUnit.MILLISECONDS.sleep(pollMillis);
            }
            System.out.printf(
                    Locale.ROOT,
                    "jobs-dynamic-group: group %s (%s) ACTIVE after %.1f s; CreateJob on it, %d things expected%n",
                    prefix,
                    query,
                    JobsRig.seconds(building, System.nanoTime()),
                    things);

            String jobId = prefix + "-job";
            long created = System.nanoTime();
            JobsRig.createJob(rig.api, jobId, List.of(group), request -> {});
            long answered = System.nanoTime();
            System.out.printf(Locale.ROOT, "  CreateJob answered in %.0f ms%n", (answered - created) / 1e6);

            List<String> perSecond = new ArrayList<>();
            long counted = JobsRig.executions(JobsRig.describeJob(rig.api, jobId));
            long lastSecond = answered;
            long atLastSecond = counted;
            end = answered + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (counted < things && System.nanoTime() < end) {
                TimeUnit.MILLISECONDS.sleep(pollMillis);
                counted = JobsRig.executions(JobsRig.describeJob(rig.api, jobId));
                if (System.nanoTime() - lastSecond >= TimeUnit.SECONDS.toNanos(1)) {
                    perSecond.add(Long.toString(counted - atLastSecond));
                    lastSecond = System.nanoTime();
                    atLastSecond = counted;
                }
            }
            long targeted = System.nanoTime();
            JsonNode details = JobsRig.describeJob(rig.api, jobId).path("jobProcessDetails");
            System.out.printf(
                    Locale.ROOT,
                    "  %d of %d executions counted %.1f s after CreateJob's request (%.0f/s after its answer)%n",
                    counted,
                    things,
                    JobsRig.seconds(created, targeted),
                    counted / JobsRig.seconds(answered, targeted));
            System.out.println("  executions counted per second after the answer: " + String.join(" ", perSecond));
            System.out.println("  jobProcessDetails: " + details);
            return counted >= things ? 0 : 1;
        }
    }

    private static JsonNode describeGroup(GatewayRig rig, String group) {
        return rig.api
                .send("GET", "/thing-groups/" + JobsRig.encode(group), null, Map.of())
                .join();
    }
}
