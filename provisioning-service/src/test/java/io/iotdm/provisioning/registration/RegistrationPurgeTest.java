package io.iotdm.provisioning.registration;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotdm.provisioning.ProvisioningTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

/** Finished registrations are kept {@code retention}, then deleted; one in progress is never. */
@QuarkusTest
@ProvisioningTestResource
class RegistrationPurgeTest {

    @Inject
    RegistrationResumer resumer;

    @Inject
    Mutiny.SessionFactory sessions;

    @ConfigProperty(name = "iotdm.provisioning.registration.retention")
    Duration retention;

    @Test
    void finishedRegistrationsOlderThanTheRetentionAreDeletedAndOnesInProgressKept() {
        Instant now = Instant.now();
        String complete = "purge-test:" + UUID.randomUUID();
        String failed = "purge-test:" + UUID.randomUUID();
        String inProgress = "purge-test:" + UUID.randomUUID();
        String recent = "purge-test:" + UUID.randomUUID();
        insert(complete, "COMPLETE", now.minus(retention).minusSeconds(60));
        insert(failed, "FAILED", now.minus(retention).minusSeconds(60));
        insert(recent, "COMPLETE", now);
        insert(inProgress, "IN_PROGRESS", now.minus(retention).minusSeconds(60));
        try {
            await(resumer.forgetFinished(now));

            assertThat(keys()).contains(inProgress, recent).doesNotContain(complete, failed);
        } finally {
            await(sessions.withTransaction(session -> session.createNativeQuery(
                            "DELETE FROM registration WHERE registration_key LIKE 'purge-test:%'")
                    .executeUpdate()));
        }
    }

    /** A row as a registration leaves it; the one in progress leased far ahead, so that no resumer takes it. */
    private void insert(String key, String status, Instant updatedAt) {
        await(sessions.withTransaction(session -> session.createNativeQuery(
                        "INSERT INTO registration (registration_key, plan, thing_id, status, step, lease_token,"
                                + " lease_until, created_at, updated_at) VALUES (:key, '{}', :thing, :status,"
                                + " :step, 'test', :lease, :at, :at)")
                .setParameter("key", key)
                .setParameter("thing", UUID.randomUUID().toString())
                .setParameter("status", status)
                .setParameter("step", status.equals("IN_PROGRESS") ? "THING" : "DONE")
                .setParameter("lease", Instant.now().plus(Duration.ofDays(1)))
                .setParameter("at", updatedAt)
                .executeUpdate()));
    }

    private List<String> keys() {
        return await(sessions.withSession(session -> session.createNativeQuery(
                        "SELECT registration_key FROM registration WHERE registration_key LIKE 'purge-test:%'",
                        String.class)
                .getResultList()));
    }

    private static <T> T await(Uni<T> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> work);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
