package io.iotdm.provisioning.store;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Things and thing groups that the registry and the group-service deleted, remembered for a while by name and id
 * (docs/aws-behaviour.md §6.4): an attachment checks the thing or group it names against them under the same lock
 * as the deletion's clean-up, so that one racing with the deletion is either removed by it or refused.
 */
@ApplicationScoped
public class DeletedResourceRepository {

    /** What was deleted. */
    public enum Deletable {
        THING,
        THING_GROUP
    }

    /**
     * Serializes the attachments to one thing or group and the clean-up of its deletion until the transaction ends.
     * (Its own key space: {@code thing:<name>} never collides with a policy target's lock.)
     */
    public Uni<Void> lock(Mutiny.Session session, Deletable kind, String name) {
        return session.createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .setParameter("key", kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + name)
                .getSingleResult()
                .replaceWithVoid();
    }

    /** @return whether the deletion was new (false: its event came again) */
    public Uni<Boolean> remember(Mutiny.Session session, Deletable kind, String name, String id, Instant deletedAt) {
        return session.createNativeQuery(
                        """
                        INSERT INTO deleted_resource (resource_type, resource_name, resource_id, deleted_at)
                        VALUES (:kind, :name, :id, :at) ON CONFLICT DO NOTHING""")
                .setParameter("kind", kind.name())
                .setParameter("name", name)
                .setParameter("id", id)
                .setParameter("at", deletedAt)
                .executeUpdate()
                .map(inserted -> inserted > 0);
    }

    public Uni<Boolean> isDeleted(Mutiny.Session session, Deletable kind, String name, String id) {
        return session.createNativeQuery(
                        "SELECT count(*) FROM deleted_resource WHERE resource_type = :kind AND resource_name = :name"
                                + " AND resource_id = :id",
                        Long.class)
                .setParameter("kind", kind.name())
                .setParameter("name", name)
                .setParameter("id", id)
                .getSingleResult()
                .map(count -> count > 0);
    }

    /** @return how many deletions older than {@code before} were forgotten */
    public Uni<Integer> forget(Mutiny.Session session, Instant before) {
        return session.createNativeQuery("DELETE FROM deleted_resource WHERE deleted_at < :before")
                .setParameter("before", before)
                .executeUpdate();
    }
}
