package io.iotdm.provisioning.store;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/** Policies, their versions and attachments in PostgreSQL, in the caller's session. */
@ApplicationScoped
public class PolicyRepository {

    /** @return the policy, or {@code null} */
    public Uni<Policy> find(Mutiny.Session session, String name) {
        return session.find(Policy.class, name);
    }

    /**
     * @return the policy, locked until the transaction ends, or {@code null}. The row is locked by SQL, then read:
     *     Hibernate Reactive's lock of an entity the session holds already (a registration creates a policy and then
     *     attaches it in one transaction) writes the field's name for the column ({@code select name from policy ...})
     */
    public Uni<Policy> lock(Mutiny.Session session, String name) {
        return RowLocks.lock(session, "SELECT 1 FROM policy WHERE policy_name = :id FOR NO KEY UPDATE", name)
                .chain(() -> session.find(Policy.class, name));
    }

    /**
     * The policy, share-locked until the transaction ends: attachments of one policy run side by side (a fleet's
     * registrations all attach the same one), while its deletion and version changes ({@link #lock}) wait for them and
     * they for those.
     */
    public Uni<Policy> share(Mutiny.Session session, String name) {
        return shareIfExists(session, name).chain(() -> session.find(Policy.class, name));
    }

    /**
     * The policy share-locked as {@link #share} does, without reading it (one statement, where a registration needs
     * only to know that its policy exists and stays until it commits).
     *
     * @return whether the policy exists
     */
    public Uni<Boolean> shareIfExists(Mutiny.Session session, String name) {
        return RowLocks.lock(session, "SELECT 1 FROM policy WHERE policy_name = :id FOR SHARE", name);
    }

    /** @return the version, or {@code null} */
    public Uni<PolicyVersion> version(Mutiny.Session session, String name, int versionId) {
        return session.find(PolicyVersion.class, new PolicyVersion.Key(name, versionId));
    }

    /** @return the policy's versions, oldest first */
    public Uni<List<PolicyVersion>> versions(Mutiny.Session session, String name) {
        return session.createSelectionQuery(
                        "from PolicyVersion where policyName = :name order by versionId", PolicyVersion.class)
                .setParameter("name", name)
                .getResultList();
    }

    public Uni<Boolean> attached(Mutiny.Session session, String name) {
        return session.createSelectionQuery("select 1 from PolicyTarget where policyName = :name", Integer.class)
                .setParameter("name", name)
                .setMaxResults(1)
                .getResultList()
                .map(found -> !found.isEmpty());
    }

    /** @return the page's policies, and one more if there are */
    public Uni<List<Policy>> page(Mutiny.Session session, CreationOrder order, int pageSize) {
        return order.bind(
                        session.createSelectionQuery(order.query("Policy", null, "creationDate", "name"), Policy.class),
                        pageSize)
                .getResultList();
    }

    /** @return the names of the policies attached to the target, in name order */
    public Uni<List<String>> attachedTo(Mutiny.Session session, String target) {
        return session.createSelectionQuery(
                        "select policyName from PolicyTarget where target = :target order by policyName", String.class)
                .setParameter("target", target)
                .getResultList();
    }

    /** Detaches every policy from the target. @return how many were attached */
    public Uni<Integer> detachAll(Mutiny.Session session, String target) {
        return session.createMutationQuery("delete from PolicyTarget where target = :target")
                .setParameter("target", target)
                .executeUpdate();
    }

    /**
     * Serializes the writes of one target's attachments until the transaction ends (its policy count is checked
     * against the quota before an attachment is added).
     */
    public Uni<Void> lockTarget(Mutiny.Session session, String target) {
        return session.createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtextextended(:target, 0))")
                .setParameter("target", target)
                .getSingleResult()
                .replaceWithVoid();
    }

    /**
     * The attachment, whose change takes its revision in the same statement (a round trip fewer per attachment).
     *
     * @param targetId a thing group's id (its deletion removes the attachment, a namesake's does not), or {@code null}
     *     for other targets
     * @return the revision of the attachment's change, or {@code null} when the attachment existed (nothing added)
     */
    public Uni<Long> attach(Mutiny.Session session, String policyName, String target, String targetId, Instant now) {
        return session.createNativeQuery(
                        """
                        INSERT INTO policy_target (policy_name, target, target_id, attached_at)
                        VALUES (:policy, :target, :targetId, :now) ON CONFLICT DO NOTHING
                        RETURNING nextval('change_revision')""",
                        Long.class)
                .setParameter("policy", policyName)
                .setParameter("target", target)
                .setParameter("targetId", targetId)
                .setParameter("now", now)
                .getResultList()
                .map(ProvisioningTransactions::revision);
    }

    /**
     * Removes the attachments of a deleted thing group: those made to this group id, and those made before attachments
     * kept the id.
     *
     * @return the names of the policies that were attached to it
     */
    public Uni<List<String>> detachDeletedGroup(Mutiny.Session session, String groupArn, String groupId) {
        return session.createNativeQuery(
                        "DELETE FROM policy_target WHERE target = :target AND (target_id = :id OR target_id IS NULL)"
                                + " RETURNING policy_name",
                        String.class)
                .setParameter("target", groupArn)
                .setParameter("id", groupId)
                .getResultList();
    }

    /** @return whether there was such an attachment */
    public Uni<Boolean> detach(Mutiny.Session session, String policyName, String target) {
        return session.createMutationQuery("delete from PolicyTarget where policyName = :policy and target = :target")
                .setParameter("policy", policyName)
                .setParameter("target", target)
                .executeUpdate()
                .map(deleted -> deleted > 0);
    }

    /** @return the targets of the policy in order, at most {@code limit} after {@code afterTarget} (exclusive) */
    public Uni<List<String>> targetsOf(Mutiny.Session session, String policyName, String afterTarget, int limit) {
        return session.createSelectionQuery(
                        "select target from PolicyTarget where policyName = :policy and target > :after order by target",
                        String.class)
                .setParameter("policy", policyName)
                .setParameter("after", afterTarget == null ? "" : afterTarget)
                .setMaxResults(limit)
                .getResultList();
    }

    /** @return the default versions of these policies, in name order */
    public Uni<List<PolicyVersion>> defaultVersions(Mutiny.Session session, Collection<String> names) {
        return session.createSelectionQuery(
                        "select v from PolicyVersion v, Policy p where p.name in :names and v.policyName = p.name"
                                + " and v.versionId = p.defaultVersionId order by v.policyName",
                        PolicyVersion.class)
                .setParameter("names", names)
                .getResultList();
    }

    /** @return the names of the policies attached to any of these targets, in name order, each once */
    public Uni<List<String>> attachedToAny(Mutiny.Session session, Collection<String> targets) {
        return session.createSelectionQuery(
                        "select distinct policyName from PolicyTarget where target in :targets order by policyName",
                        String.class)
                .setParameter("targets", targets)
                .getResultList();
    }
}
