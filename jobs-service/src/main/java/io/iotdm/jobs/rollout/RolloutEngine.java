package io.iotdm.jobs.rollout;

import io.iotdm.events.Event;
import io.iotdm.jobs.JobsConfig;
import io.iotdm.jobs.store.Rollout;
import io.iotdm.jobs.store.RolloutRepository;
import io.iotdm.jobs.store.RolloutState;
import io.iotdm.outbox.Outcome;
import io.iotdm.outbox.TransactionalOutbox;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The rollout engine (docs/architecture.md, "The jobs rollout engine"): each step leases the rollouts that are due
 * ({@link RolloutRepository#leaseDue}, FOR UPDATE SKIP LOCKED) and hands each to the action of its state, all in one
 * transaction with the events of what the actions changed; a rollout that is still rolling out is first checked
 * against its job's abort criteria ({@link AbortJob}). Then it times out the executions whose timers are due
 * ({@link TimeOutExecutions}). A rollout's whole state is in its row, so an instance that
 * stops loses nothing: its transaction rolls back and the rollout is due for the next instance that steps.
 */
@ApplicationScoped
public class RolloutEngine {

    private static final Logger LOG = Logger.getLogger(RolloutEngine.class);

    private final RolloutRepository rollouts;
    private final TransactionalOutbox outbox;
    private final Map<RolloutState, RolloutAction> actions = new EnumMap<>(RolloutState.class);
    private final AbortJob abort;
    private final EndScheduledJob end;
    private final TimeOutExecutions timers;
    private final Clock clock;
    private final int rolloutsPerStep;
    private final long intervalNanos;

    RolloutEngine(
            RolloutRepository rollouts,
            TransactionalOutbox outbox,
            Instance<RolloutAction> actions,
            AbortJob abort,
            EndScheduledJob end,
            TimeOutExecutions timers,
            Clock clock,
            JobsConfig config) {
        this.rollouts = rollouts;
        this.outbox = outbox;
        this.abort = abort;
        this.end = end;
        this.timers = timers;
        this.clock = clock;
        this.rolloutsPerStep = config.rollout().rolloutsPerStep();
        String interval = config.rollout().interval();
        // "off": the tests step the engine themselves and expect a call to take every pass it can (a minute at most)
        this.intervalNanos = "off".equals(interval)
                ? Duration.ofMinutes(1).toNanos()
                : DurationConverter.parseDuration(interval).toNanos();
        for (RolloutAction action : actions) {
            if (this.actions.put(action.state(), action) != null) {
                throw new IllegalStateException("Two rollout actions for " + action.state());
            }
        }
        for (RolloutState state : RolloutState.values()) {
            if (!this.actions.containsKey(state)) {
                throw new IllegalStateException("No rollout action for " + state);
            }
        }
    }

    @Scheduled(every = "${iotdm.jobs.rollout.interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return step().onFailure()
                .recoverWithItem(failure -> {
                    // the step rolled back; its rollouts are due again at the next one
                    LOG.warnf("A rollout step failed: %s", failure.toString());
                    return 0;
                })
                .replaceWithVoid();
    }

    /**
     * One step over the rollouts due now, then over the execution timers due now, each in its own transaction;
     * answers how many rollouts it advanced and executions it timed out. While a rollout's step queued a whole step
     * limit and the rollout is still due ({@link RolloutStep#fullAndStillDue()}), the rollouts due are stepped again at
     * once, each time in a new transaction: {@code executions-per-step} bounds a transaction and the job's rate window
     * ({@link RateWindow}) the pace. Stepped once an interval, the engine queued at most 500 executions a second,
     * 30,000 a minute, whatever rate a job asked for (docs/benchmarks.md, "Jobs").
     */
    public Uni<Integer> step() {
        // the passes of one call stop after an interval (wall time: a test's clock stands still), so that the execution
        // timers below are swept on time however many executions a job has left to queue; the next call goes on
        long until = System.nanoTime() + intervalNanos;
        return Uni.createFrom()
                .deferred(this::stepRollouts)
                .repeat()
                .whilst(pass -> pass.again() && System.nanoTime() < until)
                .collect()
                .with(Collectors.summingInt(Pass::advanced))
                .chain(advanced -> {
                    Instant now = clock.instant();
                    return outbox.commit(transaction -> timers.sweep(transaction, now)
                            .map(events -> new Outcome<>(advanced + events.size(), events)));
                });
    }

    /**
     * Advances one rollout in the caller's transaction, which holds its lock: CreateJob takes the first step of a new
     * job's rollout at once, so that a job without a rate has its executions when CreateJob answers.
     */
    public Uni<List<Event>> advance(SqlConnection transaction, Rollout rollout, Instant now) {
        return stepOne(transaction, rollout, now).map(RolloutStep::events);
    }

    /** How many rollouts one transaction advanced, and whether one of them asks for the next step at once. */
    private record Pass(int advanced, boolean again) {}

    /** The rollouts due now, leased and advanced in one transaction. */
    private Uni<Pass> stepRollouts() {
        Instant now = clock.instant();
        return outbox.commit(transaction -> rollouts.leaseDue(transaction, now, rolloutsPerStep)
                .chain(due -> advanceAll(transaction, due, now)
                        .map(step -> new Outcome<>(new Pass(due.size(), step.fullAndStillDue()), step.events()))));
    }

    private Uni<RolloutStep> stepOne(SqlConnection transaction, Rollout rollout, Instant now) {
        RolloutAction action = actions.get(rollout.state());
        // a scheduled job's end comes before anything else its rollout would do (docs/aws-behaviour.md §5.20)
        if (rollout.endDue(now) && rollout.state() != RolloutState.DELETING) {
            return end.end(transaction, rollout, now).map(RolloutStep::of);
        }
        if (!rollout.state().rollingOut()) {
            return action.step(transaction, rollout, now);
        }
        // an abort that is met ends the rollout before its state's action runs (docs/aws-behaviour.md §5.10)
        return abort.abortIfMet(transaction, rollout, now)
                .chain(aborted -> aborted != null
                        ? Uni.createFrom().item(RolloutStep.of(aborted))
                        : action.step(transaction, rollout, now));
    }

    /** Every rollout's step, one after the other: their events in order, and whether any asks for another at once. */
    private Uni<RolloutStep> advanceAll(SqlConnection transaction, List<Rollout> due, Instant now) {
        Uni<RolloutStep> chain = Uni.createFrom().item(RolloutStep.of(List.of()));
        for (Rollout rollout : due) {
            chain = chain.chain(before -> stepOne(transaction, rollout, now).map(step -> {
                List<Event> events = new ArrayList<>(before.events());
                events.addAll(step.events());
                return new RolloutStep(events, before.fullAndStillDue() || step.fullAndStillDue());
            }));
        }
        return chain;
    }
}
