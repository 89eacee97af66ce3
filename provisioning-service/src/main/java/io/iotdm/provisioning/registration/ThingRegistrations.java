package io.iotdm.provisioning.registration;

import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.grpc.registry.v1.ThingSummary;
import io.iotdm.outbox.Outcome;
import io.iotdm.provisioning.ProvisioningConfig;
import io.iotdm.provisioning.store.ProvisioningTransactions;
import io.iotdm.provisioning.store.Registration;
import io.iotdm.provisioning.store.Registration.Step;
import io.iotdm.provisioning.store.RegistrationRepository;
import io.iotdm.provisioning.template.ProvisioningPlan;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * The one way a provisioning template's plan becomes resources (docs/aws-behaviour.md §6.8): RegisterThing, bulk
 * registration tasks, JITP and fleet provisioning all call {@link #register}. A registration is a row under its key
 * that names its next step (VALIDATE → THING → GROUPS → COMMIT, or UNDO → FAILED); each step is idempotent and the row
 * moves on only after it, so a run that dies is finished by another ({@link RegistrationResumer}), and one that meets a
 * refusal undoes what it created (docs/architecture.md §6, "Registrations").
 */
@ApplicationScoped
public class ThingRegistrations {

    private static final Logger LOG = Logger.getLogger(ThingRegistrations.class);

    /** A unique name of a policy given by document, taken by a concurrent registration: the next try finds it. */
    private static final int COMMIT_TRIES = 3;

    /** How often a caller that waits for another run looks again: that run takes a few peer calls (tens of ms). */
    private static final Duration AWAIT_FIRST = Duration.ofMillis(20);

    private static final Duration AWAIT_MAX = Duration.ofMillis(250);

    /** The registration of the key runs in another request; RegisterThing's model answers it as a conflict. */
    static final class InProgress extends AwsServiceException {
        InProgress(AwsServiceException conflict) {
            super(conflict.code(), conflict.getMessage());
        }
    }

    private final ProvisioningTransactions transactions;
    private final RegistrationRepository registrations;
    private final RegistrationSteps steps;
    private final RegistrationCommit commit;
    private final RegistrationFailures failures;
    private final Duration lease;
    private final Clock clock = Clock.systemUTC();

    ThingRegistrations(
            ProvisioningTransactions transactions,
            RegistrationRepository registrations,
            RegistrationSteps steps,
            RegistrationCommit commit,
            RegistrationFailures failures,
            ProvisioningConfig config) {
        this.transactions = transactions;
        this.registrations = registrations;
        this.steps = steps;
        this.commit = commit;
        this.failures = failures;
        this.lease = config.registration().lease();
    }

    /**
     * Applies the plan once per key: a second call with the same key answers the first one's outcome or failure, and
     * resumes it when its run died (its lease has passed). A refusal is an AWS error of RegisterThing's model
     * ({@link RegistrationFailures}); an unavailable peer leaves the registration to be finished in the background
     * (ServiceUnavailableException).
     *
     * <p>Concurrent calls must each run on a Vert.x context of their own, as HTTP requests, gRPC calls and Kafka
     * records do (a new duplicated context per call otherwise): Hibernate Reactive gives concurrent transactions of one
     * context the same session, which then fails ("Illegal pop() with non-matching JdbcValuesSourceProcessingState").
     */
    public Uni<RegistrationOutcome> register(String registrationKey, ProvisioningPlan plan) {
        String token = UUID.randomUUID().toString();
        Instant now = clock.instant();
        Registration row = new Registration(
                registrationKey, PlanJson.write(plan), UUID.randomUUID().toString(), token, now.plus(lease), now);
        return stored(row).chain(stored -> stored.leaseToken().equals(token) ? proceed(stored, token) : again(stored));
    }

    /**
     * The row under the key: {@code row} inserted, or the one there. A row there that is gone when read (a run
     * {@link #abandoned} it meanwhile) leaves the key free: the insert again.
     */
    private Uni<Registration> stored(Registration row) {
        return transactions
                .<Registration>commit(session -> registrations
                        .insertIfAbsent(session, row)
                        .chain(inserted -> inserted
                                ? Uni.createFrom().item(Outcome.of(row))
                                : registrations.find(session, row.key()).map(Outcome::of)))
                .chain(stored -> stored == null ? stored(row) : Uni.createFrom().item(stored));
    }

    /**
     * {@link #register}, where a call that meets the same key in progress in another run waits for that run's outcome
     * instead of failing: JITP runs under the certificate's key for each CONNECT, and two devices' connects with one
     * certificate at once must both get the outcome (docs/aws-behaviour.md §6.3).
     */
    public Uni<RegistrationOutcome> registerAwaitingOthers(String registrationKey, ProvisioningPlan plan) {
        return Uni.createFrom()
                .deferred(() -> register(registrationKey, plan))
                .onFailure(InProgress.class)
                .retry()
                .withBackOff(AWAIT_FIRST, AWAIT_MAX)
                .expireIn(lease.toMillis());
    }

    /** Runs a registration that {@code leaseToken} holds (the resumer's). */
    Uni<RegistrationOutcome> resume(String registrationKey, String leaseToken) {
        return run(registrationKey, leaseToken);
    }

    /** The same key again: the first call's outcome, or its failure, or its run resumed when that run died. */
    private Uni<RegistrationOutcome> again(Registration stored) {
        if (stored.status() != Registration.Status.IN_PROGRESS) {
            return finished(stored);
        }
        String token = UUID.randomUUID().toString();
        return transactions
                .<Boolean>commit(
                        session -> registrations.lock(session, stored.key()).map(row -> {
                            Instant now = clock.instant();
                            boolean stale = row.status() == Registration.Status.IN_PROGRESS
                                    && row.leaseUntil().isBefore(now);
                            if (stale) {
                                row.lease(token, now.plus(lease), now);
                            }
                            return Outcome.of(stale);
                        }))
                .chain(claimed ->
                        claimed ? run(stored.key(), token) : read(stored.key()).chain(this::finished));
    }

    private Uni<RegistrationOutcome> run(String key, String token) {
        return read(key).chain(row -> proceed(row, token));
    }

    /**
     * Runs the row's steps while this run holds it. The row is carried from step to step as the step's transaction
     * committed it, instead of read again before each (a registration read its row five times: about a fifth of its
     * statements); a lease lost on the way reads it again to answer what the other run did.
     */
    private Uni<RegistrationOutcome> proceed(Registration row, String token) {
        if (row.status() != Registration.Status.IN_PROGRESS || !row.leaseToken().equals(token)) {
            return finished(row);
        }
        String key = row.key();
        return step(row, token)
                .onFailure(RegistrationCommit.LeaseLost.class)
                .recoverWithNull()
                .onFailure(RegistrationFailures::passing)
                .invoke(failure ->
                        LOG.infof("Registration %s stopped at %s and goes on later: %s", key, row.step(), failure))
                .onFailure()
                .transform(failures::unavailable)
                .chain(next -> next == null ? run(key, token) : proceed(next, token));
    }

    /**
     * The row's next step; a refusal turns the registration to UNDO (the undo itself only waits and retries). THING
     * goes on to the memberships and the last transaction without a transaction between them: the thing and the
     * memberships are idempotent and the last transaction is all or nothing, so a run that dies before it commits only
     * does the thing and the memberships again (two transactions fewer per registration; COMMIT and GROUPS are where
     * rows of older versions resume).
     *
     * @return the row as the step's transaction committed it
     */
    private Uni<Registration> step(Registration row, String token) {
        String key = row.key();
        ProvisioningPlan plan = PlanJson.plan(row.plan());
        Uni<Registration> step =
                switch (row.step()) {
                    case VALIDATE ->
                        steps.validate(plan, row.thingId()).chain(pem -> advance(row, token, Step.THING, pem));
                    case THING ->
                        steps.thing(plan, row.thingId())
                                .chain(provisioned -> steps.thingGroups(plan, row.thingId(), provisioned)
                                        .chain(() -> commit(row, token, plan, provisioned)));
                    case GROUPS ->
                        steps.thingGroups(plan, row.thingId(), null).chain(() -> commit(row, token, plan, null));
                    case COMMIT -> commit(row, token, plan, null);
                    case UNDO ->
                        steps.undo(plan, row.thingId())
                                .onFailure(failure -> !RegistrationFailures.passing(failure))
                                .invoke(refusal -> LOG.warnf(
                                        "Registration %s cannot undo its thing, which stays: %s",
                                        key, refusal.getMessage()))
                                .onFailure(failure -> !RegistrationFailures.passing(failure))
                                .recoverWithNull()
                                .chain(() -> failed(row, token));
                    case DONE -> Uni.createFrom().item(row);
                };
        if (row.step() == Step.UNDO) {
            return step;
        }
        if (row.step() == Step.VALIDATE) {
            // nothing is written yet: an unavailable peer fails the registration now, so that a client's retry of
            // the 503 (SDKs retry it on their own) starts afresh instead of meeting this one finished later
            step = step.onFailure(
                            failure -> failure instanceof AwsServiceException && RegistrationFailures.passing(failure))
                    .recoverWithUni(failure -> abandoned(key, token, (AwsServiceException) failure));
        }
        return step.onFailure(failure -> !RegistrationFailures.passing(failure))
                .recoverWithUni(failure -> failing(row, token, (AwsServiceException) failure));
    }

    /** The last transaction; a policy of the plan that a concurrent registration created meanwhile: again. */
    private Uni<Registration> commit(Registration row, String token, ProvisioningPlan plan, ThingSummary thing) {
        return Uni.createFrom()
                .deferred(() -> commit.commit(row, token, plan, thing))
                .onFailure(failure -> "23505".equals(ProvisioningTransactions.sqlState(failure)))
                .retry()
                .atMost(COMMIT_TRIES);
    }

    private Uni<Registration> advance(Registration row, String token, Step next, String issuedPem) {
        return change(row, token, now -> {
            if (issuedPem != null && row.certificatePem() == null) {
                row.issued(issuedPem);
            }
            row.advance(next, now.plus(lease), now);
        });
    }

    private Uni<Registration> failing(Registration row, String token, AwsServiceException refusal) {
        LOG.infof("Registration %s is refused and undoes what it created: %s", row.key(), refusal.getMessage());
        return change(
                row, token, now -> row.failing(refusal.code().name(), refusal.getMessage(), now.plus(lease), now));
    }

    /**
     * Failed for want of a peer before it wrote anything: no undo, and the row goes, so that the same key starts afresh
     * (a bulk task's line, tried again once the peer is back, must not meet this outage as its stored outcome).
     */
    private <T> Uni<T> abandoned(String key, String token, AwsServiceException unavailable) {
        return transactions
                .commit(session -> held(session, key, token)
                        .call(session::remove)
                        .call(session::flush)
                        .map(done -> new Outcome<Void>(null, List.of())))
                .chain(() -> Uni.createFrom().failure(unavailable));
    }

    private Uni<Registration> failed(Registration row, String token) {
        return change(row, token, row::failed);
    }

    /**
     * A change of the row that the run of {@code token} carries, written if that run still holds it ({@link
     * RegistrationRepository#update}); {@link RegistrationCommit.LeaseLost} when another run does (the caller then
     * reads the row again: the carried one is left behind).
     *
     * @return the row as committed
     */
    private Uni<Registration> change(Registration row, String token, Consumer<Instant> change) {
        return transactions.commit(session -> {
            change.accept(clock.instant());
            return registrations
                    .update(session, row, token)
                    .invoke(RegistrationCommit.LeaseLost::unlessHeld)
                    .map(held -> Outcome.of(row));
        });
    }

    /** The row, locked, when the run of {@code token} holds it; {@link RegistrationCommit.LeaseLost} otherwise. */
    private Uni<Registration> held(Mutiny.Session session, String key, String token) {
        return registrations.lock(session, key).invoke(row -> {
            if (row == null
                    || row.status() != Registration.Status.IN_PROGRESS
                    || !row.leaseToken().equals(token)) {
                throw new RegistrationCommit.LeaseLost();
            }
        });
    }

    private Uni<Registration> read(String key) {
        return transactions.read(session -> registrations.find(session, key));
    }

    /** A registration's answer once no step of this run is left. */
    private Uni<RegistrationOutcome> finished(Registration row) {
        return switch (row.status()) {
            case COMPLETE ->
                Uni.createFrom()
                        .item(new RegistrationOutcome(
                                Optional.ofNullable(row.certificatePem()), PlanJson.arns(row.resourceArns())));
            case FAILED -> Uni.createFrom().failure(failures.stored(row.errorType(), row.errorMessage()));
            case IN_PROGRESS ->
                Uni.createFrom()
                        .failure(new InProgress(failures.stored(
                                RegistrationFailures.CONFLICT,
                                "The registration " + row.key()
                                        + " is in progress in another request; it is answered once it completes")));
        };
    }
}
