package io.iotdm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotdm.devstack.StackAddresses;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.AbortAction;
import software.amazon.awssdk.services.iot.model.DescribeJobResponse;
import software.amazon.awssdk.services.iot.model.JobExecutionFailureType;
import software.amazon.awssdk.services.iot.model.JobExecutionStatus;
import software.amazon.awssdk.services.iot.model.JobExecutionSummaryForJob;
import software.amazon.awssdk.services.iot.model.JobStatus;

/**
 * {@code kill -9} of the jobs-service in the middle of a job's rollout, while devices report on their executions over
 * the device jobs API (docs/aws-behaviour.md §5.7, §5.10; docs/architecture.md, "The jobs rollout engine"): after the
 * suite restarts on the same data the rollout resumes from its row, every target thing has exactly one execution, the
 * rate windows read from the executions' own {@code queuedAt} hold {@code maximumPerMinute} across the restart, and an
 * abort threshold crossed after the restart cancels the job.
 */
class JobsRolloutCrashTest {

    /** Three windows of the rate: the first queued by CreateJob, the next two by the restarted engine. */
    private static final int THINGS = 150;

    private static final int PER_MINUTE = 50;
    private static final int SUCCEEDED_BEFORE_KILL = 20;
    private static final int MIN_EXECUTED = 60;

    @Test
    void aRolloutResumesAfterTheKillOfItsServiceAtItsRateAndStillAborts() throws Exception {
        String prefix = "crash-job-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        String jobId = prefix + "rollout";
        Set<String> succeeded = ConcurrentHashMap.newKeySet();
        Instant killed;
        int windowsAfterKill;
        try (CrashSuite suite = CrashSuite.start("jobs-crash-suite")) {
            IotClient iot = suite.iot();
            String groupArn = groupOfThings(iot, prefix);
            iot.createJob(request -> request.jobId(jobId)
                    .targets(groupArn)
                    .document("{\"firmware\":\"3.0.0\"}")
                    .jobExecutionsRolloutConfig(rollout -> rollout.maximumPerMinute(PER_MINUTE))
                    .abortConfig(abort -> abort.criteriaList(criterion -> criterion
                            .failureType(JobExecutionFailureType.FAILED)
                            .action(AbortAction.CANCEL)
                            .thresholdPercentage(50.0)
                            .minNumberOfExecutedThings(MIN_EXECUTED))));
            List<String> queued = thingsWith(iot, jobId, JobExecutionStatus.QUEUED);
            assertThat(queued).as("the first window, queued by CreateJob").hasSize(PER_MINUTE);

            // devices report success on the first window's executions while the service is killed
            AtomicInteger next = new AtomicInteger();
            ExecutorService devices = Executors.newFixedThreadPool(4);
            for (int d = 0; d < 4; d++) {
                devices.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < queued.size()) {
                        String thing = queued.get(i);
                        try {
                            if (report(suite.addresses(), thing, jobId, "SUCCEEDED") == 200) {
                                succeeded.add(thing);
                            }
                        } catch (RuntimeException cut) {
                            // the service is gone: this update was never acknowledged
                        }
                    }
                });
            }
            Instant deadline = Instant.now().plusSeconds(60);
            while (succeeded.size() < SUCCEEDED_BEFORE_KILL && Instant.now().isBefore(deadline)) {
                Thread.sleep(5);
            }
            assertThat(succeeded)
                    .as("updates acknowledged before the kill")
                    .hasSizeGreaterThanOrEqualTo(SUCCEEDED_BEFORE_KILL);
            List<String> waiting = iot.describeJob(request -> request.jobId(jobId))
                    .job()
                    .jobProcessDetails()
                    .processingTargets();
            assertThat(waiting)
                    .as("things the rollout has still to queue when the service is killed")
                    .isNotEmpty();
            // how many windows the restarted service must open, whether or not a second window came before the kill
            windowsAfterKill = (waiting.size() + PER_MINUTE - 1) / PER_MINUTE;
            killed = Instant.now();
            suite.kill("jobs-service/target/quarkus-app"); // SIGKILL
            devices.shutdown();
            assertThat(devices.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

            suite.restart();
            iot = suite.iot();
            // two more windows: the restarted engine queues the rest a minute apart
            deadline = Instant.now().plus(Duration.ofMinutes(4));
            DescribeJobResponse job = iot.describeJob(request -> request.jobId(jobId));
            while (Boolean.TRUE.equals(job.job().isConcurrent())
                    && Instant.now().isBefore(deadline)) {
                Thread.sleep(500);
                job = iot.describeJob(request -> request.jobId(jobId));
            }
            assertThat(job.job().isConcurrent()).as("the rollout is over").isFalse();

            List<JobExecutionSummaryForJob> executions =
                    iot.listJobExecutionsForJobPaginator(request -> request.jobId(jobId)).executionSummaries().stream()
                            .toList();
            assertThat(executions.stream().map(JobExecutionSummaryForJob::thingArn))
                    .as("one execution per target thing")
                    .hasSize(THINGS)
                    .doesNotHaveDuplicates()
                    .allMatch(arn -> arn.contains(":thing/" + prefix));
            assertThat(executions).allMatch(e -> e.jobExecutionSummary().executionNumber() == 1L);
            assertThat(succeeded)
                    .as("every acknowledged update survives the kill")
                    .allMatch(thing -> executions.stream()
                            .anyMatch(e -> e.thingArn().endsWith(":thing/" + thing)
                                    && e.jobExecutionSummary().status() == JobExecutionStatus.SUCCEEDED));

            List<List<Instant>> windows = rateWindows(executions);
            assertThat(windows)
                    .as("the rate windows, by the executions' queuedAt")
                    .allMatch(window -> window.size() <= PER_MINUTE);
            assertThat(windows.stream().filter(window -> window.getFirst().isAfter(killed)))
                    .as("windows the restarted service opened")
                    .hasSizeGreaterThanOrEqualTo(windowsAfterKill);

            // devices fail the queued executions until the abort criterion, crossed after the restart, cancels the job
            List<String> queuedAfterRestart = thingsWith(iot, jobId, JobExecutionStatus.QUEUED);
            int failed = 0;
            for (String thing : queuedAfterRestart) {
                if (iot.describeJob(request -> request.jobId(jobId)).job().status() == JobStatus.CANCELED) {
                    break;
                }
                if (report(suite.addresses(), thing, jobId, "FAILED") == 200) {
                    failed++;
                }
            }
            deadline = Instant.now().plusSeconds(60);
            job = iot.describeJob(request -> request.jobId(jobId));
            while (job.job().status() != JobStatus.CANCELED && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
                job = iot.describeJob(request -> request.jobId(jobId));
            }
            assertThat(job.job().status()).isEqualTo(JobStatus.CANCELED);
            assertThat(job.job().reasonCode()).isEqualTo("ABORT_CRITERIA_MET");
            assertThat(failed).as("failures reported before the abort").isPositive();
            assertThat(job.job().jobProcessDetails().numberOfQueuedThings()).isZero();
            assertThat(job.job().jobProcessDetails().numberOfCanceledThings()).isPositive();
        }
    }

    /** A thing group of {@link #THINGS} new things; answers its ARN. */
    private static String groupOfThings(IotClient iot, String prefix) throws InterruptedException {
        String group = prefix + "group";
        String groupArn =
                iot.createThingGroup(request -> request.thingGroupName(group)).thingGroupArn();
        ExecutorService writers = Executors.newFixedThreadPool(8);
        for (int i = 0; i < THINGS; i++) {
            String thing = prefix + i;
            writers.submit(() -> {
                iot.createThing(request -> request.thingName(thing));
                iot.addThingToThingGroup(
                        request -> request.thingGroupName(group).thingName(thing));
            });
        }
        writers.shutdown();
        assertThat(writers.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        return groupArn;
    }

    /** The names of the things whose execution of the job is in {@code status}. */
    private static List<String> thingsWith(IotClient iot, String jobId, JobExecutionStatus status) {
        return iot
                .listJobExecutionsForJobPaginator(
                        request -> request.jobId(jobId).status(status))
                .executionSummaries()
                .stream()
                .map(e -> e.thingArn().substring(e.thingArn().indexOf(":thing/") + ":thing/".length()))
                .toList();
    }

    /** A device's UpdateJobExecution over the device jobs API; answers the HTTP status. */
    private static int report(StackAddresses stack, String thing, String jobId, String status) {
        HttpResponse<String> response = IotDataHttp.send(
                stack,
                "iot-jobs-data",
                "POST",
                "/things/" + thing + "/jobs/" + jobId,
                "{\"status\":\"" + status + "\"}");
        return response.statusCode();
    }

    /**
     * The executions' {@code queuedAt} cut into the rate's fixed windows (docs/aws-behaviour.md §5.7): a window opens
     * with the first execution queued after the previous one's minute is over.
     */
    private static List<List<Instant>> rateWindows(List<JobExecutionSummaryForJob> executions) {
        List<Instant> times = executions.stream()
                .map(e -> e.jobExecutionSummary().queuedAt())
                .sorted()
                .toList();
        List<List<Instant>> windows = new ArrayList<>();
        for (Instant time : times) {
            if (windows.isEmpty() || !time.isBefore(windows.getLast().getFirst().plus(Duration.ofMinutes(1)))) {
                windows.add(new ArrayList<>());
            }
            windows.getLast().add(time);
        }
        return windows;
    }
}
