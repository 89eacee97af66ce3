package io.iotdm.provisioning.registration;

import io.iotdm.outbox.Outcome;
import io.iotdm.provisioning.ProvisioningConfig;
import io.iotdm.provisioning.store.ProvisioningTransactions;
import io.iotdm.provisioning.store.RegistrationRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Finishes the registrations whose run died (docs/architecture.md §6, "Registrations"): at start and every
 * {@code iotdm.provisioning.registration.resume-interval}, each instance takes the IN_PROGRESS registrations whose lease
 * has passed, under a lease of its own (rows locked with SKIP LOCKED while it takes them, so two instances never take
 * the same one), and runs their remaining steps. Every {@code purge-interval} it deletes the finished registrations
 * older than {@code iotdm.provisioning.registration.retention}: they answer redeliveries, which come far sooner.
 */
@ApplicationScoped
public class RegistrationResumer {

    private static final Logger LOG = Logger.getLogger(RegistrationResumer.class);

    /** Registrations taken per look: one look's work stays within a lease even when each needs a peer's deadline. */
    private static final int BATCH = 20;

    /** Finished registrations deleted per transaction. */
    private static final int PURGE_BATCH = 1000;

    private final ProvisioningTransactions transactions;
    private final RegistrationRepository registrations;
    private final ThingRegistrations runs;
    private final Duration lease;
    private final Duration retention;
    private final Clock clock = Clock.systemUTC();

    RegistrationResumer(
            ProvisioningTransactions transactions,
            RegistrationRepository registrations,
            ThingRegistrations runs,
            ProvisioningConfig config) {
        this.transactions = transactions;
        this.registrations = registrations;
        this.runs = runs;
        this.lease = config.registration().lease();
        this.retention = config.registration().retention();
    }

    @Scheduled(
            every = "${iotdm.provisioning.registration.resume-interval:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> look() {
        return resumeStale()
                .onFailure()
                .invoke(failure -> LOG.warnf("Looking for interrupted registrations failed: %s", failure.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    @Scheduled(
            every = "${iotdm.provisioning.registration.purge-interval:1h}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return forgetFinished(clock.instant())
                .onFailure()
                .invoke(failure -> LOG.warnf("Deleting old finished registrations failed: %s", failure.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * Deletes the finished registrations older than {@code retention}, {@value #PURGE_BATCH} a transaction until none
     * is left (so one statement never holds many row locks).
     *
     * @param now the instant to measure their age to ({@code clock.instant()}; a test passes a later one)
     * @return how many were deleted
     */
    public Uni<Integer> forgetFinished(Instant now) {
        Instant before = now.minus(retention);
        return transactions
                .<Integer>commit(session -> registrations
                        .deleteFinishedBefore(session, before, PURGE_BATCH)
                        .map(Outcome::of))
                .chain(deleted -> deleted < PURGE_BATCH
                        ? Uni.createFrom().item(deleted)
                        : forgetFinished(now).map(more -> deleted + more));
    }

    /**
     * Takes the registrations whose lease has passed and runs them to their end (complete, or undone and failed); one
     * that stops again (a peer still down) is taken at a later look.
     *
     * @return the keys of the registrations taken
     */
    public Uni<List<String>> resumeStale() {
        String token = UUID.randomUUID().toString();
        return transactions
                .<List<String>>commit(session -> {
                    Instant now = clock.instant();
                    return registrations.lockStale(session, now, BATCH).chain(keys -> {
                        Uni<Void> leased = Uni.createFrom().voidItem();
                        for (String key : keys) {
                            leased = leased.chain(() -> registrations.find(session, key))
                                    .invoke(row -> row.lease(token, now.plus(lease), now))
                                    .replaceWithVoid();
                        }
                        return leased.call(session::flush).map(done -> Outcome.of(keys));
                    });
                })
                .call(keys -> Multi.createFrom()
                        .iterable(keys)
                        .onItem()
                        .transformToUniAndConcatenate(key -> runs.resume(key, token)
                                .invoke(outcome -> LOG.infof("Registration %s resumed and complete", key))
                                .onFailure()
                                .invoke(failure -> LOG.infof("Registration %s resumed: %s", key, failure.getMessage()))
                                .onFailure()
                                .recoverWithNull())
                        .collect()
                        .asList());
    }
}
