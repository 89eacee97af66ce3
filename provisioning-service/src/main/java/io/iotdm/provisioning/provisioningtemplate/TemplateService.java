package io.iotdm.provisioning.provisioningtemplate;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.aws.protocol.PaginationTokens;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.Page;
import io.iotdm.events.ProvisioningChanges.ResourceType;
import io.iotdm.outbox.Outcome;
import io.iotdm.provisioning.ProvisioningConfig;
import io.iotdm.provisioning.store.CaCertificateRepository;
import io.iotdm.provisioning.store.ProvisioningTransactions;
import io.iotdm.provisioning.store.ResourceTags;
import io.iotdm.tags.Tag;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Provisioning templates and their versions (docs/aws-behaviour.md §6.5). Every write locks the template's row, so that
 * versions are numbered, counted and made default one write at a time; each write that changes what provisioning
 * would do publishes a {@link ResourceType#PROVISIONING_TEMPLATE} change, on which a consumer that caches templates
 * (JITP, fleet provisioning) drops its copy.
 */
@ApplicationScoped
public class TemplateService {

    /** A template with one of its versions: the default for DescribeProvisioningTemplate. */
    public record TemplateWithVersion(Template template, TemplateVersion version) {}

    /** One page of a template's versions, and the template (which tells the default). */
    public record VersionPage(Template template, Page<TemplateVersion> versions) {}

    /** CreateProvisioningTemplate's input, beyond what the model checks. */
    public record NewTemplate(
            String name,
            String description,
            String body,
            boolean enabled,
            String provisioningRoleArn,
            ProvisioningHook hook,
            TemplateType type,
            List<Tag> tags) {}

    private final ProvisioningTransactions transactions;
    private final TemplateRepository templates;
    private final CaCertificateRepository cas;
    private final TemplateRules rules;
    private final AwsErrors errors;
    private final Arns arns;
    private final PaginationTokens tokens;
    private final int maxVersions;
    private final Clock clock = Clock.systemUTC();

    TemplateService(
            ProvisioningTransactions transactions,
            TemplateRepository templates,
            CaCertificateRepository cas,
            TemplateRules rules,
            AwsErrors errors,
            Arns arns,
            PaginationTokens tokens,
            ProvisioningConfig config) {
        this.transactions = transactions;
        this.templates = templates;
        this.cas = cas;
        this.rules = rules;
        this.errors = errors;
        this.arns = arns;
        this.tokens = tokens;
        this.maxVersions = config.provisioningTemplate().maxVersions();
    }

    public Uni<Template> create(NewTemplate request) {
        String name = request.name();
        rules.checkRoleArn(request.provisioningRoleArn());
        rules.checkHook(request.hook(), request.type(), name);
        rules.checkBody(request.body(), request.type());
        ResourceTags.checkCount(request.tags(), "LimitExceededException", errors);
        Instant now = clock.instant();
        return transactions
                .<Template>commit(session -> templates.find(session, name).chain(existing -> {
                    if (existing != null) {
                        throw alreadyExists(name);
                    }
                    Template template = new Template(
                            name,
                            request.description(),
                            request.type(),
                            request.enabled(),
                            request.provisioningRoleArn(),
                            request.hook(),
                            now);
                    return session.persist(template)
                            .call(() -> session.persist(new TemplateVersion(name, 1, request.body(), now)))
                            .call(session::flush)
                            .call(() -> ResourceTags.put(session, arns.provisioningTemplate(name), request.tags()))
                            .chain(() -> ProvisioningTransactions.change(
                                    session, ResourceType.PROVISIONING_TEMPLATE, name, "created"))
                            .map(change -> new Outcome<>(template, List.of(change)));
                }))
                .onFailure(failure -> "23505".equals(ProvisioningTransactions.sqlState(failure)))
                .transform(failure -> alreadyExists(name)); // created by a concurrent call since this one looked
    }

    /** @return the template and its default version */
    public Uni<TemplateWithVersion> describe(String name) {
        return transactions.read(
                session -> found(templates.find(session, name), name).chain(template -> templates
                        .version(session, name, template.defaultVersionId())
                        .map(version -> new TemplateWithVersion(template, version))));
    }

    public Uni<Void> update(String name, TemplateUpdate update) {
        rules.checkUpdate(update);
        Instant now = clock.instant();
        return transactions.commit(session -> found(templates.lock(session, name), name)
                .invoke(template -> rules.checkHook(update.hook(), template.type(), name))
                .chain(template -> (update.defaultVersionId() == null
                                ? Uni.createFrom().<TemplateVersion>nullItem()
                                : foundVersion(session, name, update.defaultVersionId()))
                        .chain(defaultVersion -> {
                            template.update(update, defaultVersion, now);
                            return session.flush()
                                    .chain(() -> ProvisioningTransactions.change(
                                            session, ResourceType.PROVISIONING_TEMPLATE, name, "updated"))
                                    .map(change -> new Outcome<Void>(null, List.of(change)));
                        })));
    }

    /**
     * Deletes the template, its versions and its tags. AWS refuses a template in use (DeleteConflict): one a CA
     * certificate's {@code registrationConfig} names (docs/aws-behaviour.md §6.5). The template's row lock makes a
     * registration or update that names it, which share-locks it, either commit first (and be seen) or wait.
     */
    public Uni<Void> delete(String name) {
        return transactions.commit(session -> found(templates.lock(session, name), name)
                .call(() -> cas.firstNamingTemplate(session, name).invoke(caCertificateId -> {
                    if (caCertificateId != null) {
                        throw errors.iot(
                                "DeleteConflictException",
                                "The provisioning template " + name + " is in use: the registrationConfig of CA"
                                        + " certificate " + caCertificateId + " names it");
                    }
                }))
                .call(template -> templates.delete(session, template))
                .call(() -> ResourceTags.removeAll(session, arns.provisioningTemplate(name)))
                .chain(() ->
                        ProvisioningTransactions.change(session, ResourceType.PROVISIONING_TEMPLATE, name, "deleted"))
                .map(change -> new Outcome<Void>(null, List.of(change))));
    }

    /** Templates in name order, paged with {@code nextToken}. */
    public Uni<Page<Template>> list(String nextToken, int maxResults) {
        String after = nextToken == null ? null : tokens.cursor("ListProvisioningTemplates", Map.of(), nextToken);
        return transactions.read(session -> templates
                .page(session, after, maxResults + 1)
                .map(found -> Page.of(
                        found, maxResults, last -> tokens.issue("ListProvisioningTemplates", Map.of(), last.name()))));
    }

    /** @return the template as it stands after the version, and the version */
    public Uni<TemplateWithVersion> createVersion(String name, String body, boolean setAsDefault) {
        Instant now = clock.instant();
        return transactions.commit(
                session -> found(templates.lock(session, name), name).chain(template -> {
                    // the body is checked for the template's type, which only the stored template knows
                    rules.checkBody(body, template.type());
                    return templates.versionCount(session, name).chain(count -> {
                        if (count >= maxVersions) {
                            throw errors.iot(
                                    "VersionsLimitExceededException",
                                    "The provisioning template " + name + " already has the maximum number of"
                                            + " versions (" + maxVersions + ")");
                        }
                        TemplateVersion version =
                                new TemplateVersion(name, template.addVersion(setAsDefault, now), body, now);
                        return session.persist(version)
                                .call(session::flush)
                                .chain(() -> ProvisioningTransactions.change(
                                        session,
                                        ResourceType.PROVISIONING_TEMPLATE,
                                        name,
                                        "version " + version.versionId()))
                                .map(change ->
                                        new Outcome<>(new TemplateWithVersion(template, version), List.of(change)));
                    });
                }));
    }

    public Uni<TemplateWithVersion> describeVersion(String name, int versionId) {
        return transactions.read(session -> found(templates.find(session, name), name)
                .chain(template -> foundVersion(session, name, versionId)
                        .map(version -> new TemplateWithVersion(template, version))));
    }

    /** A template's versions, oldest first, paged with {@code nextToken}; the template to tell the default. */
    public Uni<VersionPage> listVersions(String name, String nextToken, int maxResults) {
        Map<String, String> filters = Map.of("templateName", name);
        int after = nextToken == null
                ? 0
                : Integer.parseInt(tokens.cursor("ListProvisioningTemplateVersions", filters, nextToken));
        return transactions.read(
                session -> found(templates.find(session, name), name).chain(template -> templates
                        .versions(session, name, after, maxResults + 1)
                        .map(found -> new VersionPage(
                                template,
                                Page.of(
                                        found,
                                        maxResults,
                                        last -> tokens.issue(
                                                "ListProvisioningTemplateVersions",
                                                filters,
                                                Integer.toString(last.versionId())))))));
    }

    public Uni<Void> deleteVersion(String name, int versionId) {
        return transactions.commit(session -> found(templates.lock(session, name), name)
                .chain(template -> foundVersion(session, name, versionId).chain(version -> {
                    if (version.versionId() == template.defaultVersionId()) {
                        throw errors.iot(
                                "DeleteConflictException",
                                "Cannot delete the default version of a provisioning template (name=" + name
                                        + ", versionId=" + versionId + ")");
                    }
                    // no event: a version that is not the default provisions nothing
                    return session.remove(version)
                            .call(session::flush)
                            .map(ignored -> new Outcome<Void>(null, List.of()));
                })));
    }

    private Uni<Template> found(Uni<Template> template, String name) {
        return template.onItem()
                .ifNull()
                .failWith(() -> errors.resourceNotFound("The provisioning template " + name + " does not exist"));
    }

    private Uni<TemplateVersion> foundVersion(Mutiny.Session session, String name, int versionId) {
        return templates
                .version(session, name, versionId)
                .onItem()
                .ifNull()
                .failWith(() -> versionNotFound(name, versionId));
    }

    private AwsServiceException versionNotFound(String name, int versionId) {
        return errors.resourceNotFound("The provisioning template " + name + " has no version " + versionId);
    }

    private AwsServiceException alreadyExists(String name) {
        return errors.resourceAlreadyExists(
                "Template with name " + name + " already exists", name, arns.provisioningTemplate(name));
    }
}
