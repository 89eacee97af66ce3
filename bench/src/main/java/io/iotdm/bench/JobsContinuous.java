package io.iotdm.bench;

import io.iotdm.simulator.Device;
import io.iotdm.simulator.JobHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A continuous job's new members (docs/aws-behaviour.md §5.19): {@code --devices} connected devices outside the job's
 * static group; one joins it (AddThingToThingGroup) every {@code --interval-ms}; the latency runs from the request's
 * start to the execution reaching its device (start-next answered: the group-service's membership event, Kafka, the
 * jobs-service, the outbox, the device gateway, notify-next and start-next). AddThingToThingGroup's own answer time is
 * the baseline in the same run.
 */
@Command(
        name = "jobs-continuous",
        mixinStandardHelpOptions = true,
        description = "Time from AddThingToThingGroup to a continuous job's execution on the new member's device.")
final class JobsContinuous implements Callable<Integer> {

    @Option(names = "--devices", defaultValue = "50", description = "connected devices that join (${DEFAULT-VALUE})")
    int devices;

    @Option(names = "--interval-ms", defaultValue = "500", description = "between two joins (${DEFAULT-VALUE})")
    int intervalMillis;

    @Mixin
    GatewayOptions gateway;

    @Override
    public Integer call() throws Exception {
        String prefix = "bench-continuous-" + UUID.randomUUID().toString().substring(0, 8);
        try (GatewayRig rig = gateway.open()) {
            JobsRig.Arrivals arrivals = new JobsRig.Arrivals(JobHandler.Outcome.succeeded());
            List<Device> fleet = JobsRig.connectedDevices(rig, prefix, devices, arrivals);
            String group = JobsRig.staticGroup(rig.api, prefix, List.of(), 1);
            String jobId = prefix + "-job";
            JobsRig.createJob(rig.api, jobId, List.of(group), request -> request.put("targetSelection", "CONTINUOUS"));
            System.out.printf(
                    Locale.ROOT,
                    "jobs-continuous: %d devices join the group of continuous job %s, one every %d ms%n",
                    devices,
                    jobId,
                    intervalMillis);
            Map<String, Long> joined = new ConcurrentHashMap<>();
            Histogram answered = GatewayRig.micros();
            List<CompletableFuture<?>> adds = new ArrayList<>();
            for (Device device : fleet) {
                long start = System.nanoTime();
                joined.put(device.thingName(), start);
                adds.add(JobsRig.addToGroup(rig.api, prefix, device.thingName()).thenRun(() -> {
                    synchronized (answered) {
                        answered.recordValue((System.nanoTime() - start) / 1_000);
                    }
                }));
                TimeUnit.MILLISECONDS.sleep(intervalMillis);
            }
            CompletableFuture.allOf(adds.toArray(CompletableFuture[]::new)).join();
            int arrived = arrivals.await(jobId, devices, 60);
            Histogram latency = GatewayRig.micros();
            for (JobsRig.Arrival arrival : arrivals.of(jobId)) {
                latency.recordValue(Math.max(0, (arrival.nanos() - joined.get(arrival.thingName())) / 1_000));
            }
            System.out.println(
                    "  AddThingToThingGroup answered (baseline): " + GatewayRig.describe(Percentiles.of(answered)));
            System.out.printf(
                    Locale.ROOT,
                    "  join -> execution on the device: %s (%d of %d arrived)%n",
                    GatewayRig.describe(Percentiles.of(latency)),
                    arrived,
                    devices);
            JobsRig.disconnect(fleet);
        }
        return 0;
    }
}
