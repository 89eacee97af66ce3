package io.iotdm.provisioning.registrationtask;

import io.iotdm.provisioning.ProvisioningConfig;
import io.iotdm.provisioning.registration.ThingRegistrations;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs the thing registration tasks this instance claims (docs/aws-behaviour.md §6.9). Every {@code poll-interval}, and
 * at once when this instance started a task, it claims running tasks whose lease has expired, as many as it has free
 * slots ({@code max-in-progress}), and runs each on a thread of its own; every third of the lease it renews the leases
 * of its runs and tells them the tasks' status (a stop). Instances share the work through the leases: a task is run
 * by one of them at a time, and taken over by another when its runner's instance dies.
 */
@Singleton
class TaskRunners {

    private static final Logger LOG = Logger.getLogger(TaskRunners.class);

    private final TaskStore store;
    private final TaskFiles files;
    private final ThingRegistrations registrations;
    private final ProvisioningConfig.RegistrationTasks config;
    private final Map<String, TaskRun> runs = new ConcurrentHashMap<>();
    private final BlockingQueue<Boolean> wakeUps = new ArrayBlockingQueue<>(1);

    private volatile boolean running;
    private Thread poller;
    private Thread renewer;

    TaskRunners(TaskStore store, TaskFiles files, ThingRegistrations registrations, ProvisioningConfig config) {
        this.store = store;
        this.files = files;
        this.registrations = registrations;
        this.config = config.registrationTask();
    }

    void start(@Observes StartupEvent started) {
        for (Map.Entry<String, Integer> setting : Map.of(
                        "max-in-progress", config.maxInProgress(),
                        "line-concurrency", config.lineConcurrency(),
                        "report-lines-per-object", config.reportLinesPerObject())
                .entrySet()) {
            if (setting.getValue() < 1) {
                throw new IllegalStateException("iotdm.provisioning.registration-task." + setting.getKey()
                        + " must be at least 1, not " + setting.getValue());
            }
        }
        running = true;
        poller = Thread.ofPlatform().name("registration-task-poller").start(this::poll);
        renewer = Thread.ofPlatform().name("registration-task-leases").start(this::renew);
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        running = false;
        for (Thread thread : new Thread[] {poller, renewer}) {
            if (thread != null) {
                thread.interrupt();
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
        }
    }

    /** A task was started here: look for work now rather than at the next interval. */
    void wake() {
        wakeUps.offer(Boolean.TRUE);
    }

    private void poll() {
        while (running) {
            try {
                int free = config.maxInProgress() - runs.size();
                if (free > 0) {
                    List<String> claimed = store.claim(free);
                    claimed.forEach(this::launch);
                }
                wakeUps.poll(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException stopping) {
                return;
            } catch (RuntimeException failure) {
                if (!running) {
                    return;
                }
                LOG.warnf("Looking for thing registration tasks failed, retrying: %s", failure.toString());
                sleep(config.pollInterval());
            }
        }
    }

    private void launch(String taskId) {
        TaskRun run = new TaskRun(taskId, store, files, registrations, config.lineConcurrency());
        runs.put(taskId, run);
        Thread.ofPlatform().name("registration-task-" + taskId).start(() -> {
            try {
                run.run();
            } catch (RuntimeException | Error failure) {
                LOG.errorf(
                        failure,
                        "Thing registration task %s stopped; its lease will expire and it will resume",
                        taskId);
            } finally {
                runs.remove(taskId);
                wake(); // a slot is free
            }
        });
    }

    private void renew() {
        Duration every = config.lease().dividedBy(3);
        while (running) {
            if (!sleep(every)) {
                return;
            }
            for (TaskRun run : runs.values()) {
                try {
                    run.renewed(store.renew(run.taskId()));
                } catch (RuntimeException failure) {
                    LOG.warnf(
                            "Renewing the lease of thing registration task %s failed: %s",
                            run.taskId(), failure.toString());
                }
            }
        }
    }

    /** @return false when interrupted */
    private boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException stopping) {
            return false;
        }
    }
}
