package io.iotdm.bench;

import io.iotdm.bench.OperationPhases.Call;
import io.iotdm.bench.OperationPhases.Phase;
import io.iotdm.simulator.ControlPlane;
import io.iotdm.simulator.StackEndpoints;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The device jobs API over HTTP ({@code iot-jobs-data} through the api-gateway): each of {@code --things} things has
 * one QUEUED execution; then, one phase per operation with {@code --concurrency} requests in flight, every thing calls
 * GetPendingJobExecutions, StartNextPendingJobExecution, DescribeJobExecution and UpdateJobExecution (SUCCEEDED), as a
 * device does for one job. The baseline in the same run: DescribeThing ({@code iot}) of the same things through the same
 * gateway and client, a read of one row in the registry.
 */
@Command(
        name = "jobs-device-api",
        mixinStandardHelpOptions = true,
        description = {
            "iot-jobs-data over HTTP: GetPendingJobExecutions, StartNextPendingJobExecution, DescribeJobExecution and",
            "UpdateJobExecution once per thing, --concurrency in flight, against DescribeThing of the same things."
        })
final class JobsDeviceApi implements Callable<Integer> {

    /** Thing ARNs per CreateJob: 1,000 ARNs make a body of about 60 KB, under the gateway's 128 KB. */
    private static final int TARGETS_PER_JOB = 1000;

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Option(names = "--things", defaultValue = "2000", description = "things, one execution each (${DEFAULT-VALUE})")
    int things;

    @Option(names = "--concurrency", defaultValue = "32", description = "requests in flight (${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--stack-file", description = "devstack's stack.properties (default: the data directory's)")
    Path stackFile;

    @Override
    public Integer call() throws Exception {
        StackFile file = StackFile.read(stackFile != null ? stackFile : StackFile.defaultPath())
                .orElseThrow(() -> new IllegalStateException("no stack file: is the stack up?"));
        api.apply(file, spec);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String prefix = "bench-jobs-api-" + run;
        try (ControlPlane control = new ControlPlane(StackEndpoints.of(
                        key -> file.get(key).orElseThrow(() -> new IllegalStateException("no " + key))));
                SignedHttp iot = api.http(SignedHttp.Client.vertx, 1, concurrency);
                SignedHttp jobsData = api.http("iot-jobs-data", SignedHttp.Client.vertx, 1, concurrency)) {
            List<String> arns = JobsRig.createThings(control, prefix, things, 32);
            List<String> jobIds = new ArrayList<>();
            for (int from = 0; from < arns.size(); from += TARGETS_PER_JOB) {
                String jobId = prefix + "-" + jobIds.size();
                List<String> targets = arns.subList(from, Math.min(arns.size(), from + TARGETS_PER_JOB));
                JobsRig.createJob(control, jobId, targets, r -> {});
                if (JobsRig.awaitExecutions(control, jobId, targets.size(), 120, 200) < 0) {
                    System.err.println("bench: " + jobId + " did not queue its executions within 120 s");
                    return 1;
                }
                jobIds.add(jobId);
            }
            System.out.printf(
                    Locale.ROOT,
                    "jobs-device-api: %d things in %d jobs, %d in flight (run %s)%n",
                    things,
                    jobIds.size(),
                    concurrency,
                    run);
            IntFunction<String> thing = i -> "/things/" + JobsRig.thingName(prefix, i);
            IntFunction<String> job = i -> jobIds.get(i / TARGETS_PER_JOB);
            // a warm-up of the same reads, not measured
            OperationPhases.calls(iot, things, concurrency, i -> get(thing.apply(i)));
            OperationPhases.calls(jobsData, things, concurrency, i -> get(thing.apply(i) + "/jobs"));

            Phase baseline = OperationPhases.calls(iot, things, concurrency, i -> get(thing.apply(i)));
            OperationPhases.print("DescribeThing (iot, the baseline)", baseline);
            List<Phase> phases = List.of(
                    measured("GetPendingJobExecutions", jobsData, i -> get(thing.apply(i) + "/jobs")),
                    measured(
                            "StartNextPendingJobExecution",
                            jobsData,
                            i -> new Call("PUT", thing.apply(i) + "/jobs/$next", body("{}"))),
                    measured(
                            "DescribeJobExecution",
                            jobsData,
                            i -> get(thing.apply(i) + "/jobs/" + job.apply(i) + "?includeJobDocument=true")),
                    measured(
                            "UpdateJobExecution SUCCEEDED",
                            jobsData,
                            i -> new Call(
                                    "POST",
                                    thing.apply(i) + "/jobs/" + job.apply(i),
                                    body("{\"status\":\"SUCCEEDED\",\"statusDetails\":{\"bench\":\"done\"}}"))));
            int ok = phases.stream().mapToInt(Phase::ok).sum();
            int errors = phases.stream().mapToInt(Phase::errors).sum();
            double seconds = phases.stream().mapToDouble(Phase::seconds).sum();
            System.out.printf(
                    Locale.ROOT,
                    "all four: %d in %.1f s = %.1f/s, %d errors; ratio to DescribeThing's rate %.2f%n",
                    ok,
                    seconds,
                    ok / seconds,
                    errors,
                    ok / seconds / baseline.perSecond());
            return errors == 0 && baseline.errors() == 0 ? 0 : 1;
        }
    }

    private Phase measured(String what, SignedHttp http, IntFunction<Call> call) throws InterruptedException {
        Phase phase = OperationPhases.calls(http, things, concurrency, call);
        OperationPhases.print(what, phase);
        return phase;
    }

    private static Call get(String path) {
        return new Call("GET", path, new byte[0]);
    }

    private static byte[] body(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
