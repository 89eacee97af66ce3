package io.iotdm.provisioning.store;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/** Things attached to principals, in the caller's session. */
@ApplicationScoped
public class ThingPrincipalRepository {

    /** @return the principal's things, in name order, at most {@code limit} after {@code afterThing} (exclusive) */
    public Uni<List<ThingPrincipal>> thingsOf(Mutiny.Session session, String principal, String afterThing, int limit) {
        return session.createSelectionQuery(
                        "from ThingPrincipal where principal = :principal and thingName > :after order by thingName",
                        ThingPrincipal.class)
                .setParameter("principal", principal)
                .setParameter("after", afterThing == null ? "" : afterThing)
                .setMaxResults(limit)
                .getResultList();
    }

    /** @return the thing's principals, in principal order, at most {@code limit} after {@code afterPrincipal} */
    public Uni<List<ThingPrincipal>> principalsOf(
            Mutiny.Session session, String thingName, String afterPrincipal, int limit) {
        return session.createSelectionQuery(
                        "from ThingPrincipal where thingName = :thing and principal > :after order by principal",
                        ThingPrincipal.class)
                .setParameter("thing", thingName)
                .setParameter("after", afterPrincipal == null ? "" : afterPrincipal)
                .setMaxResults(limit)
                .getResultList();
    }

    /** @return whether any principal is attached to the thing */
    public Uni<Boolean> hasPrincipals(Mutiny.Session session, String thingName) {
        return principalsOf(session, thingName, null, 1).map(principals -> !principals.isEmpty());
    }

    /**
     * Attaches the principal to the thing, unless it is attached to it already; the attachment's change takes its
     * revision in the same statement (a round trip fewer).
     *
     * @return the revision of the attachment's change, or {@code null} when the attachment existed (nothing added)
     */
    public Uni<Long> attach(
            Mutiny.Session session,
            String principal,
            String thingName,
            String thingId,
            ThingPrincipal.Type type,
            Instant attachedAt) {
        return session.createNativeQuery(
                        """
                        INSERT INTO thing_principal (principal, thing_name, thing_id, thing_principal_type, attached_at)
                        VALUES (:principal, :thing, :thingId, :type, :at) ON CONFLICT DO NOTHING
                        RETURNING nextval('change_revision')""",
                        Long.class)
                .setParameter("principal", principal)
                .setParameter("thing", thingName)
                .setParameter("thingId", thingId)
                .setParameter("type", type.name())
                .setParameter("at", attachedAt)
                .getResultList()
                .map(ProvisioningTransactions::revision);
    }

    /** @return whether any thing is attached to the principal */
    public Uni<Boolean> hasThings(Mutiny.Session session, String principal) {
        return thingsOf(session, principal, null, 1).map(things -> !things.isEmpty());
    }

    /**
     * Removes the attachments of a deleted thing: those made to this thing id, and those made before attachments kept
     * the id (which can only be of a thing of that name that existed then).
     *
     * @return the principals that were attached to it
     */
    public Uni<List<String>> detachDeletedThing(Mutiny.Session session, String thingName, String thingId) {
        return session.createNativeQuery(
                        "DELETE FROM thing_principal WHERE thing_name = :thing AND (thing_id = :id OR thing_id IS NULL)"
                                + " RETURNING principal",
                        String.class)
                .setParameter("thing", thingName)
                .setParameter("id", thingId)
                .getResultList();
    }
}
