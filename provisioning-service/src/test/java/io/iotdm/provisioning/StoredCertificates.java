package io.iotdm.provisioning;

import io.iotdm.provisioning.store.Certificate;
import io.quarkus.vertx.VertxContextSupport;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Certificates written straight into the service's table, for the tests of what is attached to them: their PEM is
 * not read by those operations.
 */
public final class StoredCertificates {

    private StoredCertificates() {}

    /** @return the id of a new ACTIVE certificate */
    public static String insert(Mutiny.SessionFactory sessions) {
        byte[] random = new byte[32];
        ThreadLocalRandom.current().nextBytes(random);
        String id = HexFormat.of().formatHex(random);
        Instant now = Instant.now();
        Certificate certificate = new Certificate(
                id,
                "-----BEGIN CERTIFICATE-----\ntest\n-----END CERTIFICATE-----\n",
                null,
                Certificate.Status.ACTIVE,
                Certificate.Mode.DEFAULT,
                now,
                now.plus(365, ChronoUnit.DAYS),
                now);
        try {
            VertxContextSupport.subscribeAndAwait(
                    () -> sessions.withTransaction(session -> session.persist(certificate)));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    public static String arn(String certificateId) {
        return "arn:aws:iot:us-east-1:123456789012:cert/" + certificateId;
    }
}
