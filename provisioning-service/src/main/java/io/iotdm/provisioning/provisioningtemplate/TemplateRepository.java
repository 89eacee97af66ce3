package io.iotdm.provisioning.provisioningtemplate;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.hibernate.LockMode;
import org.hibernate.reactive.mutiny.Mutiny;

/** Provisioning templates and their versions in PostgreSQL, in the caller's session. */
@ApplicationScoped
public class TemplateRepository {

    /** @return the template, or {@code null} */
    public Uni<Template> find(Mutiny.Session session, String name) {
        return session.find(Template.class, name);
    }

    /** @return the template, locked until the transaction ends, or {@code null} */
    public Uni<Template> lock(Mutiny.Session session, String name) {
        return session.find(Template.class, name, LockMode.PESSIMISTIC_WRITE);
    }

    /**
     * @return the template, share-locked until the transaction ends (a concurrent delete waits, and sees what this
     *     transaction wrote), or {@code null}
     */
    public Uni<Template> share(Mutiny.Session session, String name) {
        return session.find(Template.class, name, LockMode.PESSIMISTIC_READ);
    }

    /** @return the version, or {@code null} */
    public Uni<TemplateVersion> version(Mutiny.Session session, String name, int versionId) {
        return session.find(TemplateVersion.class, new TemplateVersion.Key(name, versionId));
    }

    public Uni<Long> versionCount(Mutiny.Session session, String name) {
        return session.createSelectionQuery(
                        "select count(*) from TemplateVersion where templateName = :name", Long.class)
                .setParameter("name", name)
                .getSingleResult();
    }

    /** @return at most {@code limit} versions of the template numbered after {@code afterVersionId}, oldest first */
    public Uni<List<TemplateVersion>> versions(Mutiny.Session session, String name, int afterVersionId, int limit) {
        return session.createSelectionQuery(
                        "from TemplateVersion where templateName = :name and versionId > :after order by versionId",
                        TemplateVersion.class)
                .setParameter("name", name)
                .setParameter("after", afterVersionId)
                .setMaxResults(limit)
                .getResultList();
    }

    /** Deletes the template; its versions go with it (ON DELETE CASCADE). */
    public Uni<Void> delete(Mutiny.Session session, Template template) {
        return session.remove(template).call(session::flush);
    }

    /** @return at most {@code limit} templates in name order, after {@code afterName} ({@code null}: from the first) */
    public Uni<List<Template>> page(Mutiny.Session session, String afterName, int limit) {
        return session.createSelectionQuery("from Template where name > :after order by name", Template.class)
                .setParameter("after", afterName == null ? "" : afterName)
                .setMaxResults(limit)
                .getResultList();
    }
}
