package io.iotdm.provisioning.store;

import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Row locks taken by SQL before the entity is read. Hibernate Reactive's {@code find} with a lock mode, for an entity the
 * session holds already (a registration stores a certificate and a policy, then attaches them, in one transaction),
 * upgrades the lock with the field's name as the column ({@code select name from policy where name=$1 for no key
 * update}: column "name" does not exist); a lock of the row first, then a plain {@code find}, holds the same lock.
 */
final class RowLocks {

    private RowLocks() {}

    /**
     * @param sql a {@code SELECT 1 ... WHERE <key> = :id FOR ...} of one row
     * @return whether the row exists (and is locked)
     */
    static Uni<Boolean> lock(Mutiny.Session session, String sql, String id) {
        return session.createNativeQuery(sql, Integer.class)
                .setParameter("id", id)
                .getResultList()
                .map(rows -> !rows.isEmpty());
    }
}
