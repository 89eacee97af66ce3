package io.iotdm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.simulator.ControlPlane;
import io.iotdm.simulator.Device;
import io.iotdm.simulator.DeviceCredentials;
import io.iotdm.simulator.FleetCounters;
import io.iotdm.simulator.JobHandler;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What the jobs scenarios share: things, static thing groups and jobs made through the control plane, and the
 * simulator's devices ({@link Device}, which run their jobs as AWS's SDK samples do: notify-next, start-next, update)
 * connected with a {@link JobHandler} that records when each job execution reached its device.
 */
final class JobsRig {

    /** A job execution that reached its device: start-next's answer handed it to the device at {@code nanos}. */
    record Arrival(String thingName, String jobId, long nanos) {}

    /** The job handler of the connected devices: records each arrival and reports {@code status}. */
    static final class Arrivals implements JobHandler {
        final Queue<Arrival> all = new ConcurrentLinkedQueue<>();
        private final Outcome outcome;

        Arrivals(Outcome outcome) {
            this.outcome = outcome;
        }

        @Override
        public CompletableFuture<Outcome> run(String thingName, JsonNode execution) {
            all.add(new Arrival(thingName, execution.path("jobId").asText(), System.nanoTime()));
            return CompletableFuture.completedFuture(outcome);
        }

        List<Arrival> of(String jobId) {
            return all.stream().filter(a -> a.jobId().equals(jobId)).toList();
        }

        /** Waits until {@code count} executions of {@code jobId} arrived, or {@code seconds} passed; answers how many. */
        int await(String jobId, int count, long seconds) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            int arrived = of(jobId).size();
            while (arrived < count && System.nanoTime() < end) {
                TimeUnit.MILLISECONDS.sleep(20);
                arrived = of(jobId).size();
            }
            return arrived;
        }
    }

    static final JsonMapper JSON = new JsonMapper();

    static final String DOCUMENT = "{\"operation\":\"bench\",\"payload\":\"" + "x".repeat(200) + "\"}";

    private JobsRig() {}

    /** Things {@code <prefix>-<n>} made with CreateThing alone (no certificate); answers their ARNs. */
    static List<String> createThings(ControlPlane api, String prefix, int count, int concurrency) {
        return GatewayRig.inFlight(count, concurrency, i -> api.createThing(thingName(prefix, i))
                .thenApply(created -> created.path("thingArn").asText()));
    }

    static String thingName(String prefix, int i) {
        return String.format(Locale.ROOT, "%s-%05d", prefix, i);
    }

    /** A static thing group with {@code things} in it; answers its ARN. */
    static String staticGroup(ControlPlane api, String group, List<String> things, int concurrency) {
        String arn = api.send("POST", "/thing-groups/" + encode(group), JSON.createObjectNode(), Map.of())
                .join()
                .path("thingGroupArn")
                .asText();
        addToGroup(api, group, things, concurrency);
        return arn;
    }

    static void addToGroup(ControlPlane api, String group, List<String> things, int concurrency) {
        GatewayRig.inFlight(things.size(), concurrency, i -> addToGroup(api, group, things.get(i)));
    }

    static CompletableFuture<JsonNode> addToGroup(ControlPlane api, String group, String thingName) {
        return api.send(
                "PUT",
                "/thing-groups/addThingToThingGroup",
                JSON.createObjectNode().put("thingGroupName", group).put("thingName", thingName),
                Map.of());
    }

    /** CreateJob of {@link #DOCUMENT} on {@code targets}, with what {@code configure} adds to its request. */
    static JsonNode createJob(ControlPlane api, String jobId, List<String> targets, Consumer<ObjectNode> configure) {
        ObjectNode request = JSON.createObjectNode().put("document", DOCUMENT);
        targets.forEach(request.putArray("targets")::add);
        configure.accept(request);
        return api.send("PUT", "/jobs/" + encode(jobId), request, Map.of()).join();
    }

    static JsonNode describeJob(ControlPlane api, String jobId) {
        return api.send("GET", "/jobs/" + encode(jobId), null, Map.of()).join().path("job");
    }

    /**
     * Polls DescribeJob every {@code pollMillis} until {@code count} of the job's executions exist (any status), or
     * {@code seconds} passed; answers the time it saw them (System.nanoTime), or -1.
     */
    static long awaitExecutions(ControlPlane api, String jobId, long count, long seconds, long pollMillis)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (executions(describeJob(api, jobId)) >= count) {
                return System.nanoTime();
            }
            TimeUnit.MILLISECONDS.sleep(pollMillis);
        }
        return -1;
    }

    /** The executions DescribeJob counts in its jobProcessDetails, whatever their status. */
    static long executions(JsonNode job) {
        long total = 0;
        for (var member : job.path("jobProcessDetails").properties()) {
            if (member.getKey().startsWith("numberOf") && !member.getKey().equals("numberOfRemovedThings")) {
                total += member.getValue().asLong();
            }
        }
        return total;
    }

    /** The simulator's devices, provisioned (CreateKeysAndCertificate) and connected, running jobs with {@code jobs}. */
    static List<Device> connectedDevices(GatewayRig rig, String prefix, int count, JobHandler jobs) {
        List<DeviceCredentials> fleet = rig.devices(prefix, count, 16);
        FleetCounters counters = new FleetCounters();
        List<Device> devices =
                fleet.stream().map(d -> new Device(rig.tls, d, jobs, counters)).toList();
        GatewayRig.inFlight(devices.size(), 16, i -> devices.get(i).start());
        return devices;
    }

    static void disconnect(List<Device> devices) {
        GatewayRig.inFlight(devices.size(), 64, i -> devices.get(i).disconnect());
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }
}
