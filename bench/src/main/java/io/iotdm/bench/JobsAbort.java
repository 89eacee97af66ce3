package io.iotdm.bench;

import io.iotdm.simulator.Device;
import io.iotdm.simulator.JobHandler;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Abort latency (abortConfig, docs/aws-behaviour.md §5.10): {@code --devices} connected devices that report every job
 * FAILED; each of {@code --trials} jobs targets their static group with the criterion FAILED, CANCEL, {@code
 * --threshold}% after {@code --min-executed} executed things. The threshold is crossed when the {@code
 * --min-executed}'th device reports FAILED (when its handler returned; the update's way to the jobs-service counts in
 * the latency, so the figure is an upper bound); the abort is seen when DescribeJob, polled every {@code --poll-ms},
 * answers the job CANCELED.
 */
@Command(
        name = "jobs-abort",
        mixinStandardHelpOptions = true,
        description = "Time from the abort threshold's crossing (devices report FAILED) to the job CANCELED.")
final class JobsAbort implements Callable<Integer> {

    @Option(names = "--devices", defaultValue = "100", description = "connected devices (${DEFAULT-VALUE})")
    int devices;

    @Option(names = "--trials", defaultValue = "5", description = "jobs, one after the other (${DEFAULT-VALUE})")
    int trials;

    @Option(names = "--min-executed", defaultValue = "20", description = "minNumberOfExecutedThings")
    int minExecuted;

    @Option(names = "--threshold", defaultValue = "50", description = "thresholdPercentage")
    int threshold;

    @Option(names = "--poll-ms", defaultValue = "50", description = "DescribeJob's polling (${DEFAULT-VALUE})")
    int pollMillis;

    @Mixin
    GatewayOptions gateway;

    @Override
    public Integer call() throws Exception {
        String prefix = "bench-abort-" + UUID.randomUUID().toString().substring(0, 8);
        try (GatewayRig rig = gateway.open()) {
            JobsRig.Arrivals arrivals = new JobsRig.Arrivals(JobHandler.Outcome.failed("bench"));
            List<Device> fleet = JobsRig.connectedDevices(rig, prefix, devices, arrivals);
            String group = JobsRig.staticGroup(
                    rig.api, prefix, fleet.stream().map(Device::thingName).toList(), 16);
            System.out.printf(
                    Locale.ROOT,
                    "jobs-abort: %d devices failing every job; FAILED > %d%% after %d executed, %d trials%n",
                    devices,
                    threshold,
                    minExecuted,
                    trials);
            Histogram latency = GatewayRig.micros();
            for (int trial = 0; trial < trials; trial++) {
                String jobId = prefix + "-" + trial;
                JobsRig.createJob(rig.api, jobId, List.of(group), request -> request.putObject("abortConfig")
                        .putArray("criteriaList")
                        .addObject()
                        .put("failureType", "FAILED")
                        .put("action", "CANCEL")
                        .put("thresholdPercentage", threshold)
                        .put("minNumberOfExecutedThings", minExecuted));
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                String status = "";
                long canceledAt = -1;
                while (System.nanoTime() < end) {
                    var job = JobsRig.describeJob(rig.api, jobId);
                    status = job.path("status").asText();
                    if (!status.equals("IN_PROGRESS")) {
                        canceledAt = System.nanoTime();
                        break;
                    }
                    TimeUnit.MILLISECONDS.sleep(pollMillis);
                }
                arrivals.await(jobId, minExecuted, 10);
                long[] failed = arrivals.of(jobId).stream()
                        .mapToLong(JobsRig.Arrival::nanos)
                        .sorted()
                        .toArray();
                if (canceledAt < 0 || failed.length < minExecuted) {
                    System.out.printf(
                            Locale.ROOT,
                            "  trial %d: status %s, %d failed: no abort seen%n",
                            trial,
                            status,
                            failed.length);
                    continue;
                }
                long crossed = failed[minExecuted - 1];
                long micros = Math.max(0, (canceledAt - crossed) / 1_000);
                latency.recordValue(micros);
                System.out.printf(
                        Locale.ROOT,
                        "  trial %d: %s %.0f ms after the %d-th FAILED; %d executions had reached devices%n",
                        trial,
                        status,
                        micros / 1000.0,
                        minExecuted,
                        failed.length);
            }
            System.out.println("  abort latency: " + GatewayRig.describe(Percentiles.of(latency)));
            JobsRig.disconnect(fleet);
        }
        return 0;
    }
}
