package io.iotdm.provisioning.registrationtask;

import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.provisioning.registration.ThingRegistrations;
import io.iotdm.provisioning.template.ProvisioningPlan;
import io.iotdm.provisioning.template.ProvisioningTemplate;
import io.iotdm.provisioning.template.TemplateException;
import io.iotdm.provisioning.template.TemplateUse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * One run of one task by the instance that holds its lease (docs/aws-behaviour.md §6.9): counts the input's lines once,
 * registers those whose outcome is not recorded yet, {@code line-concurrency} at a time, each under the key
 * {@code <taskId>:<lineNumber>} (so that a line a dead runner registered but did not record is not applied again),
 * records each outcome with the counts, and at the end writes the reports and ends the task. Runs on a thread of its
 * own; the database calls go through {@link TaskStore}.
 */
final class TaskRun {

    private static final Logger LOG = Logger.getLogger(TaskRun.class);

    /** Stops reading the input: the task was stopped, the lease lost, or a line failed for a passing reason. */
    private static final class StopReading extends RuntimeException {
        StopReading() {
            super(null, null, false, false);
        }
    }

    private final String taskId;
    private final TaskStore store;
    private final TaskFiles files;
    private final ThingRegistrations registrations;
    private final int lineConcurrency;
    /** The status the task had at the last look; {@code null} once this instance no longer holds it. */
    private volatile TaskStatus status = TaskStatus.InProgress;
    /** A failure that may pass (the store, a peer): the run gives the task up, to be resumed later. */
    private final AtomicReference<Throwable> interruption = new AtomicReference<>();
    /** Outcomes of lines registered and not recorded yet; {@link #record} records them in batches. */
    private final BlockingQueue<PendingOutcome> pending = new LinkedBlockingQueue<>();
    /** Held by the line that records a batch. */
    private final ReentrantLock recording = new ReentrantLock();

    /** A line's outcome, and its record once committed. */
    private record PendingOutcome(TaskLine.Outcome outcome, CompletableFuture<TaskStatus> recorded) {}

    TaskRun(String taskId, TaskStore store, TaskFiles files, ThingRegistrations registrations, int lineConcurrency) {
        this.taskId = taskId;
        this.store = store;
        this.files = files;
        this.registrations = registrations;
        this.lineConcurrency = lineConcurrency;
    }

    String taskId() {
        return taskId;
    }

    /** The lease was renewed (the task's status then), or lost ({@code null}). */
    void renewed(TaskStatus current) {
        status = current;
    }

    /**
     * Runs the task until it ends, until this instance loses it, or until a failure that may pass (then the task is
     * given up for a while and resumed, by this instance or another, after the lines recorded).
     */
    void run() {
        RegistrationTask task = store.find(taskId);
        status = task.status(); // a task stopped before any runner took it ends at once
        try {
            if (status == TaskStatus.InProgress) {
                registerLines(task);
            }
            if (status == null) {
                return; // another instance holds the task now and will end it
            }
            Throwable failure = interruption.get();
            if (failure != null) {
                LOG.warnf("Thing registration task %s paused, to resume later: %s", taskId, failure.toString());
                store.release(taskId);
                return;
            }
            end(status == TaskStatus.Cancelling ? TaskStatus.Cancelled : TaskStatus.Completed, null);
        } catch (TaskFailed failed) {
            end(TaskStatus.Failed, failed.getMessage());
        }
    }

    private void registerLines(RegistrationTask task) {
        ProvisioningTemplate template;
        try {
            template = ProvisioningTemplate.parse(task.templateBody(), TemplateUse.REGISTER_THING);
        } catch (TemplateException e) {
            // StartThingRegistrationTask parsed it: only a change of the template engine gets here
            throw new TaskFailed("The template body is no longer valid: " + e.getMessage());
        }
        if (task.lineCount() == null) {
            int[] count = {0};
            files.forEachLine(task.input(), task.inputFileEtag(), (text, number) -> count[0]++);
            store.setLineCount(taskId, count[0]);
        }
        Set<Integer> recorded = new HashSet<>(store.recordedLines(taskId));
        Semaphore slots = new Semaphore(lineConcurrency);
        try (ExecutorService lines = Executors.newVirtualThreadPerTaskExecutor()) {
            files.forEachLine(task.input(), task.inputFileEtag(), (text, number) -> {
                if (recorded.contains(number)) {
                    return;
                }
                slots.acquireUninterruptibly();
                if (status != TaskStatus.InProgress || interruption.get() != null) {
                    slots.release();
                    throw new StopReading();
                }
                lines.submit(() -> {
                    try {
                        register(new TaskLine(number, text), template);
                    } catch (RuntimeException | Error failure) {
                        interruption.compareAndSet(null, failure);
                    } finally {
                        slots.release();
                    }
                });
            });
        } catch (StopReading stopped) {
            // the executor's close waited for the lines in flight
        }
    }

    private void register(TaskLine line, ProvisioningTemplate template) {
        TaskLine.Outcome outcome;
        ProvisioningPlan plan = null;
        try {
            ProvisioningPlan evaluated = line.plan(template);
            plan = evaluated;
            outcome = line.registered(
                    evaluated, store.await(() -> registrations.register(taskId + ":" + line.number(), evaluated)));
        } catch (TaskLine.Refused refused) {
            outcome = line.refused(refused);
        } catch (AwsServiceException refused) {
            if (refused.httpStatus() >= 500
                    || refused.code().name().equals("ThrottlingException")
                    || registeringElsewhere(refused, line)) {
                throw refused; // the service's trouble, not the line's: resumed later under the same key
            }
            outcome = line.refused(refused, plan);
        }
        renewed(record(outcome));
    }

    /**
     * Records the line's outcome with those of the other lines that finished meanwhile, in one transaction: the line
     * that gets to record first takes every outcome waiting, the others find theirs recorded (or its failure) when
     * they get their turn. A line registered but not recorded when the runner dies is registered again under its key,
     * which answers the outcome it had.
     *
     * @return the task's status then, or {@code null} when this instance no longer holds it
     */
    private TaskStatus record(TaskLine.Outcome outcome) {
        PendingOutcome mine = new PendingOutcome(outcome, new CompletableFuture<>());
        pending.add(mine);
        recording.lock();
        try {
            if (!mine.recorded().isDone()) {
                List<PendingOutcome> batch = new ArrayList<>();
                pending.drainTo(batch);
                try {
                    TaskStatus status = store.record(
                            taskId, batch.stream().map(PendingOutcome::outcome).toList());
                    batch.forEach(waiting -> waiting.recorded().complete(status));
                } catch (RuntimeException | Error failure) {
                    batch.forEach(waiting -> waiting.recorded().completeExceptionally(failure));
                }
            }
        } finally {
            recording.unlock();
        }
        try {
            return mine.recorded().join();
        } catch (CompletionException failed) {
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        }
    }

    /**
     * The registration of this line's key is still held by a run that has not finished, such as the one of a runner
     * killed mid-line whose registration lease has not passed yet: ThingRegistrations answers it as a conflict, but it
     * is no verdict on the line, which is registered again (and answered) once that lease has passed.
     */
    private boolean registeringElsewhere(AwsServiceException refused, TaskLine line) {
        return refused.code().name().equals("ConflictingResourceUpdateException")
                && refused.getMessage()
                        .startsWith("The registration " + taskId + ":" + line.number() + " is in progress");
    }

    /** Writes the reports of the lines recorded and ends the task, if this instance still holds it. */
    private void end(TaskStatus ending, String message) {
        int results = store.writeReport(taskId, ReportType.RESULTS);
        int errors = store.writeReport(taskId, ReportType.ERRORS);
        if (!store.finish(taskId, ending, message, results, errors)) {
            LOG.infof("Thing registration task %s was taken over by another instance before it ended", taskId);
        }
    }
}
