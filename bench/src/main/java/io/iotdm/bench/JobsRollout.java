package io.iotdm.bench;

import io.iotdm.simulator.Device;
import io.iotdm.simulator.JobHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The rollout rate ({@code jobExecutionsRolloutConfig.maximumPerMinute}): a job on a static group of {@code --devices}
 * connected simulated devices at {@code --rate} per minute; each execution counts when it reaches its device (start-next
 * answered), per 10 s and per minute from CreateJob's answer, against the configured rate (the ratio). Then, with
 * {@code --capacity-things}, the engine's own pace at {@code --capacity-rate}: a job on that many things without
 * devices, its executions counted by DescribeJob each second.
 */
@Command(
        name = "jobs-rollout",
        mixinStandardHelpOptions = true,
        description = {
            "A job at --rate per minute to --devices connected devices: executions per 10 s and per minute as they",
            "reach the devices; then (--capacity-things) the executions queued per second at --capacity-rate."
        })
final class JobsRollout implements Callable<Integer> {

    @Option(names = "--devices", defaultValue = "400", description = "connected devices (${DEFAULT-VALUE})")
    int devices;

    @Option(names = "--rate", defaultValue = "200", description = "maximumPerMinute (${DEFAULT-VALUE})")
    int rate;

    @Option(
            names = "--capacity-things",
            defaultValue = "0",
            description = "things without devices for the pace phase, 0: none (${DEFAULT-VALUE})")
    int capacityThings;

    @Option(
            names = "--capacity-rate",
            defaultValue = "60000",
            description = "maximumPerMinute of the pace phase (${DEFAULT-VALUE})")
    int capacityRate;

    @Mixin
    GatewayOptions gateway;

    @Override
    public Integer call() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (GatewayRig rig = gateway.open()) {
            if (devices > 0) {
                connected(rig, "bench-rollout-" + run);
            }
            if (capacityThings > 0) {
                pace(rig, "bench-pace-" + run);
            }
        }
        return 0;
    }

    private void connected(GatewayRig rig, String prefix) throws InterruptedException {
        JobsRig.Arrivals arrivals = new JobsRig.Arrivals(JobHandler.Outcome.succeeded());
        long provisioning = System.nanoTime();
        List<Device> fleet = JobsRig.connectedDevices(rig, prefix, devices, arrivals);
        System.out.printf(
                Locale.ROOT,
                "jobs-rollout: %d devices provisioned and connected in %.1f s%n",
                fleet.size(),
                JobsRig.seconds(provisioning, System.nanoTime()));
        String group = JobsRig.staticGroup(
                rig.api, prefix, fleet.stream().map(Device::thingName).toList(), 16);
        String jobId = prefix + "-job";
        long created = System.nanoTime();
        JobsRig.createJob(rig.api, jobId, List.of(group), request -> request.putObject("jobExecutionsRolloutConfig")
                .put("maximumPerMinute", rate));
        long answered = System.nanoTime();
        int arrived = arrivals.await(jobId, devices, (long) Math.ceil(devices / (double) rate) * 60 + 60);
        System.out.printf(
                Locale.ROOT,
                "  CreateJob at maximumPerMinute %d answered in %.0f ms; %d of %d executions reached their devices%n",
                rate,
                (answered - created) / 1e6,
                arrived,
                devices);
        long[] times = arrivals.of(jobId).stream()
                .mapToLong(JobsRig.Arrival::nanos)
                .sorted()
                .toArray();
        report(times, answered, rate);
        JobsRig.disconnect(fleet);
    }

    /**
     * Per 10 s and per minute from CreateJob's answer (the rollout's first window opens at CreateJob), each full minute
     * against the configured rate; and how long each minute's executions took to reach their devices, first to last.
     */
    static void report(long[] arrivalNanos, long startNanos, int perMinute) {
        if (arrivalNanos.length == 0) {
            return;
        }
        int tens = (int) ((arrivalNanos[arrivalNanos.length - 1] - startNanos) / 10_000_000_000L) + 1;
        int[] perTen = new int[tens];
        for (long t : arrivalNanos) {
            perTen[(int) ((t - startNanos) / 10_000_000_000L)]++;
        }
        System.out.println("  per 10 s from CreateJob: "
                + String.join(
                        " ", IntStream.of(perTen).mapToObj(Integer::toString).toList()));
        for (int minute = 0; minute * 6 < tens; minute++) {
            long from = startNanos + TimeUnit.MINUTES.toNanos(minute);
            long to = from + TimeUnit.MINUTES.toNanos(1);
            List<Long> in = new ArrayList<>();
            for (long t : arrivalNanos) {
                if (t >= from && t < to) {
                    in.add(t);
                }
            }
            if (in.isEmpty()) {
                continue;
            }
            System.out.printf(
                    Locale.ROOT,
                    "  minute %d: %d executions (%+.1f%% of %d), reached their devices from %.2f s to %.2f s into the"
                            + " minute%n",
                    minute + 1,
                    in.size(),
                    100.0 * (in.size() - perMinute) / perMinute,
                    perMinute,
                    (in.getFirst() - from) / 1e9,
                    (in.getLast() - from) / 1e9);
        }
    }

    /** The engine's pace with no device in the way: DescribeJob's count of executions each second. */
    private void pace(GatewayRig rig, String prefix) throws InterruptedException {
        long making = System.nanoTime();
        List<String> things = JobsRig.createThings(rig.api, prefix, capacityThings, 32);
        List<String> names = IntStream.range(0, capacityThings)
                .mapToObj(i -> JobsRig.thingName(prefix, i))
                .toList();
        String group = JobsRig.staticGroup(rig.api, prefix, names, 32);
        System.out.printf(
                Locale.ROOT,
                "jobs-rollout pace: %d things in a static group in %.1f s%n",
                things.size(),
                JobsRig.seconds(making, System.nanoTime()));
        String jobId = prefix + "-job";
        long created = System.nanoTime();
        JobsRig.createJob(rig.api, jobId, List.of(group), request -> request.putObject("jobExecutionsRolloutConfig")
                .put("maximumPerMinute", capacityRate));
        long answered = System.nanoTime();
        List<String> samples = new ArrayList<>();
        long previous = 0;
        long end = answered + TimeUnit.SECONDS.toNanos(capacityThings * 60L / capacityRate + 120);
        long queued = 0;
        while (queued < capacityThings && System.nanoTime() < end) {
            TimeUnit.MILLISECONDS.sleep(1000 - (System.nanoTime() - answered) / 1_000_000 % 1000);
            queued = JobsRig.executions(JobsRig.describeJob(rig.api, jobId));
            samples.add(Long.toString(queued - previous));
            previous = queued;
        }
        double seconds = JobsRig.seconds(answered, System.nanoTime());
        System.out.printf(
                Locale.ROOT,
                "  CreateJob at maximumPerMinute %d answered in %.0f ms; %d executions in %.1f s after it = %.0f/min"
                        + " (%.2f of the configured rate)%n",
                capacityRate,
                (answered - created) / 1e6,
                queued,
                seconds,
                queued / seconds * 60,
                queued / seconds * 60 / capacityRate);
        System.out.println("  executions per second: " + String.join(" ", samples));
    }
}
