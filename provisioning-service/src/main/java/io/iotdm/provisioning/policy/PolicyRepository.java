package io.iotdm.provisioning.policy;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.hibernate.LockMode;
import org.hibernate.reactive.mutiny.Mutiny;

/** Policies, their versions and attachments in PostgreSQL, in the caller's session. */
@ApplicationScoped
public class PolicyRepository {

    /** @return the policy, or {@code null} */
    public Uni<Policy> find(Mutiny.Session session, String name) {
        return session.find(Policy.class, name);
    }

    /** @return the policy, locked until the transaction ends, or {@code null} */
    public Uni<Policy> lock(Mutiny.Session session, String name) {
        return session.find(Policy.class, name, LockMode.PESSIMISTIC_WRITE);
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

    /**
     * @param after the creation date and name of the last policy of the previous page, or {@code null}
     * @return at most {@code limit} policies in creation order (names break ties)
     */
    public Uni<List<Policy>> page(
            Mutiny.Session session, Instant afterDate, String afterName, boolean ascending, int limit) {
        String order = ascending ? "asc" : "desc";
        String comparison = ascending ? ">" : "<";
        String where = afterDate == null
                ? ""
                : " where creationDate " + comparison + " :date or (creationDate = :date and name " + comparison
                        + " :name)";
        Mutiny.SelectionQuery<Policy> query = session.createSelectionQuery(
                        "from Policy" + where + " order by creationDate " + order + ", name " + order, Policy.class)
                .setMaxResults(limit);
        if (afterDate != null) {
            query.setParameter("date", afterDate).setParameter("name", afterName);
        }
        return query.getResultList();
    }
}
