package io.iotdm.provisioning.ca;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.aws.protocol.PaginationTokens;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.Page;
import io.iotdm.events.ProvisioningChanges.ResourceType;
import io.iotdm.outbox.Outcome;
import io.iotdm.provisioning.ProvisioningConfig;
import io.iotdm.provisioning.certificate.X509Refusals;
import io.iotdm.provisioning.provisioningtemplate.TemplateRepository;
import io.iotdm.provisioning.provisioningtemplate.TemplateType;
import io.iotdm.provisioning.store.CaCertificate;
import io.iotdm.provisioning.store.CaCertificate.AutoRegistration;
import io.iotdm.provisioning.store.CaCertificate.RegistrationConfig;
import io.iotdm.provisioning.store.CaCertificate.Status;
import io.iotdm.provisioning.store.CaCertificateRepository;
import io.iotdm.provisioning.store.Certificate;
import io.iotdm.provisioning.store.CreationOrder;
import io.iotdm.provisioning.store.ProvisioningTransactions;
import io.iotdm.provisioning.store.ResourceTags;
import io.iotdm.tags.Tag;
import io.iotdm.x509.CaRegistration;
import io.iotdm.x509.IotCertificate;
import io.iotdm.x509.Pem;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * CA certificates and the account's registration code (docs/aws-behaviour.md §6.2). A registration, a status or
 * auto-registration change and a deletion publish a {@link ResourceType#CA_CERTIFICATE} change: a device gateway trusts
 * the ACTIVE CAs only, and registers the certificates of those with auto-registration enabled (JITR, §6.3).
 */
@ApplicationScoped
public class CaCertificateService {

    /** What RegisterCACertificate asks for; the PEMs as the caller sent them. */
    public record CaRegistrationRequest(
            String caCertificatePem,
            String verificationCertificatePem,
            Certificate.Mode mode,
            boolean setAsActive,
            boolean allowAutoRegistration,
            RegistrationConfig registrationConfig,
            List<Tag> tags) {}

    /** What UpdateCACertificate asks for: {@code null} for what it leaves as it is. */
    public record CaUpdate(
            Status newStatus,
            AutoRegistration newAutoRegistration,
            RegistrationConfig registrationConfig,
            boolean removeAutoRegistration) {}

    private final ProvisioningTransactions transactions;
    private final CaCertificateRepository cas;
    private final TemplateRepository templates;
    private final AwsErrors errors;
    private final Arns arns;
    private final PaginationTokens tokens;
    private final int maxPerSubject;
    private final Clock clock = Clock.systemUTC();

    CaCertificateService(
            ProvisioningTransactions transactions,
            CaCertificateRepository cas,
            TemplateRepository templates,
            AwsErrors errors,
            Arns arns,
            PaginationTokens tokens,
            ProvisioningConfig config) {
        this.transactions = transactions;
        this.cas = cas;
        this.templates = templates;
        this.errors = errors;
        this.arns = arns;
        this.tokens = tokens;
        this.maxPerSubject = config.ca().maxPerSubject();
    }

    /** The account's registration code, made on the first call and the same until it is deleted. */
    public Uni<String> registrationCode() {
        String account = arns.account();
        return transactions
                .read(session -> cas.registrationCode(session, account))
                .chain(code -> code != null
                        ? Uni.createFrom().item(code)
                        : transactions.commit(session -> cas.addRegistrationCode(
                                        session, account, CaRegistration.newRegistrationCode(), clock.instant())
                                .chain(() -> cas.registrationCode(session, account))
                                .map(stored -> new Outcome<>(stored, List.of()))));
    }

    public Uni<Void> deleteRegistrationCode() {
        return transactions.commit(
                session -> cas.deleteRegistrationCode(session, arns.account()).map(deleted -> {
                    if (!deleted) {
                        throw errors.resourceNotFound(
                                "The registration code does not exist (GetRegistrationCode makes one)");
                    }
                    return new Outcome<Void>(null, List.of());
                }));
    }

    /**
     * Registers a CA certificate: a CA (CA:TRUE) within its validity; in DEFAULT mode with a verification certificate
     * whose CN is the account's registration code and which the CA's key signed; at most {@code max-per-subject} CAs of
     * one subject; a registrationConfig's template an existing JITP one. The certificate checks come first and write
     * nothing; the subject is locked while its CAs are counted. The tags are written with the CA.
     */
    public Uni<CaCertificate> register(CaRegistrationRequest request) {
        ResourceTags.checkCount(request.tags(), "LimitExceededException", errors);
        Instant now = clock.instant();
        IotCertificate ca = X509Refusals.checked(errors, () -> {
            IotCertificate parsed = Pem.certificate("caCertificate", request.caCertificatePem());
            CaRegistration.checkCaCertificate(parsed, now);
            return parsed;
        });
        IotCertificate verification = verificationCertificate(request);
        String id = ca.certificateId();
        CaCertificate registered = new CaCertificate(
                id,
                ca.pem(),
                ca.subjectKey(),
                request.setAsActive() ? Status.ACTIVE : Status.INACTIVE,
                request.allowAutoRegistration() ? AutoRegistration.ENABLE : AutoRegistration.DISABLE,
                request.mode(),
                request.registrationConfig(),
                ca.notBefore(),
                ca.notAfter(),
                now);
        return transactions
                .<CaCertificate>commit(session -> cas.lockSubject(session, ca.subjectKey())
                        .chain(() -> jitpTemplateShared(session, request.registrationConfig()))
                        .chain(() -> verification == null
                                ? Uni.createFrom().voidItem()
                                : verifiedWithRegistrationCode(session, verification, ca, now))
                        .chain(() -> cas.find(session, id))
                        .chain(existing -> {
                            if (existing != null) {
                                throw alreadyRegistered(id);
                            }
                            return cas.withSubject(session, ca.subjectKey());
                        })
                        .chain(sameSubject -> {
                            if (sameSubject.size() >= maxPerSubject) {
                                throw errors.iot(
                                        "LimitExceededException",
                                        "You can register up to " + maxPerSubject + " CA certificates with the same"
                                                + " subject field; " + sameSubject.size() + " are registered with "
                                                + ca.subject().getName());
                            }
                            return session.persist(registered)
                                    .call(session::flush)
                                    .call(() -> ResourceTags.put(session, arns.caCertificate(id), request.tags()));
                        })
                        .chain(() -> ProvisioningTransactions.change(
                                session, ResourceType.CA_CERTIFICATE, id, "registered " + registered.status()))
                        .map(event -> new Outcome<>(registered, List.of(event))))
                .onFailure(failure -> "23505".equals(ProvisioningTransactions.sqlState(failure)))
                .transform(failure -> alreadyRegistered(id)); // registered by a concurrent call since this one looked
    }

    public Uni<CaCertificate> describe(String certificateId) {
        String id = normalized(certificateId);
        return transactions.read(session -> found(cas.find(session, id)));
    }

    /**
     * UpdateCACertificate. {@code removeAutoRegistration} disables auto-registration and drops the registrationConfig,
     * so it cannot come with a registrationConfig or with ENABLE.
     */
    public Uni<Void> update(String certificateId, CaUpdate update) {
        if (update.removeAutoRegistration()
                && (update.registrationConfig() != null || update.newAutoRegistration() == AutoRegistration.ENABLE)) {
            throw errors.invalidRequest("removeAutoRegistration removes auto-registration and the registrationConfig;"
                    + " it cannot come with registrationConfig or newAutoRegistrationStatus ENABLE");
        }
        String id = normalized(certificateId);
        Instant now = clock.instant();
        AutoRegistration autoRegistration =
                update.removeAutoRegistration() ? AutoRegistration.DISABLE : update.newAutoRegistration();
        return transactions.commit(session -> found(cas.lock(session, id))
                .call(() -> jitpTemplateShared(session, update.registrationConfig()))
                .chain(ca -> {
                    boolean changed = ca.update(
                            update.newStatus(),
                            autoRegistration,
                            update.registrationConfig(),
                            update.removeAutoRegistration(),
                            now);
                    if (!changed) {
                        return Uni.createFrom().item(new Outcome<Void>(null, List.of()));
                    }
                    return session.flush()
                            .chain(() -> ProvisioningTransactions.change(
                                    session,
                                    ResourceType.CA_CERTIFICATE,
                                    id,
                                    ca.status() + " autoRegistration " + ca.autoRegistration()))
                            .map(event -> new Outcome<Void>(null, List.of(event)));
                }));
    }

    /**
     * Deletes an INACTIVE CA certificate. The device certificates registered under it stay, with its id as their
     * caCertificateId (docs/aws-behaviour.md §6.2).
     */
    public Uni<Void> delete(String certificateId) {
        String id = normalized(certificateId);
        return transactions.commit(session -> found(cas.lock(session, id)).chain(ca -> {
            if (ca.status() == Status.ACTIVE) {
                throw errors.iot(
                        "CertificateStateException",
                        "Certificate must be deactivated (not ACTIVE) before deletion. Id: " + id);
            }
            return session.remove(ca)
                    .call(session::flush)
                    .call(() -> ResourceTags.removeAll(session, arns.caCertificate(id)))
                    .chain(() -> ProvisioningTransactions.change(session, ResourceType.CA_CERTIFICATE, id, "deleted"))
                    .map(event -> new Outcome<Void>(null, List.of(event)));
        }));
    }

    /** @param templateName only the CAs whose registrationConfig names this template, or {@code null} for all */
    public Uni<Page<CaCertificate>> list(String templateName, String marker, int pageSize, boolean ascending) {
        CreationOrder order = CreationOrder.of(
                tokens,
                "ListCACertificates",
                templateName == null ? Map.of() : Map.of("templateName", templateName),
                marker,
                ascending);
        return transactions.read(session -> cas.page(session, templateName, order, pageSize)
                .map(found -> order.page(found, pageSize, tokens, CaCertificate::creationDate, CaCertificate::id)));
    }

    /** AWS's ids are lower-case hex; the model lets a caller send upper case. */
    static String normalized(String certificateId) {
        return certificateId.toLowerCase(Locale.ROOT);
    }

    /** DEFAULT mode needs a verification certificate and SNI_ONLY takes none (API reference). */
    private IotCertificate verificationCertificate(CaRegistrationRequest request) {
        boolean given = request.verificationCertificatePem() != null
                && !request.verificationCertificatePem().isBlank();
        if (request.mode() == Certificate.Mode.SNI_ONLY) {
            if (given) {
                throw errors.invalidRequest("verificationCertificate must be empty when certificateMode is SNI_ONLY");
            }
            return null;
        }
        if (!given) {
            throw errors.invalidRequest("verificationCertificate is required when certificateMode is DEFAULT (a"
                    + " certificate signed with the CA's private key whose common name is the registration code)");
        }
        return X509Refusals.checked(
                errors, () -> Pem.certificate("verificationCertificate", request.verificationCertificatePem()));
    }

    private Uni<Void> verifiedWithRegistrationCode(
            Mutiny.Session session, IotCertificate verification, IotCertificate ca, Instant now) {
        return cas.registrationCode(session, arns.account())
                .invoke(code -> {
                    if (code == null) {
                        throw errors.iot(
                                "RegistrationCodeValidationException",
                                "The registration code is invalid: this account has no registration code; GetRegistrationCode"
                                        + " makes one, to be the common name (CN) of verificationCertificate");
                    }
                    X509Refusals.check(
                            errors, () -> CaRegistration.checkVerificationCertificate(verification, ca, code, now));
                })
                .replaceWithVoid();
    }

    /**
     * A registrationConfig's {@code templateName} names an existing provisioning template of type JITP
     * (docs/aws-behaviour.md §6.2), share-locked until the write commits: DeleteProvisioningTemplate locks it to look for
     * the CAs that name it, and so waits for this write and then sees it.
     */
    private Uni<Void> jitpTemplateShared(Mutiny.Session session, RegistrationConfig config) {
        if (config == null || config.templateName() == null) {
            return Uni.createFrom().voidItem();
        }
        String name = config.templateName();
        return templates
                .share(session, name)
                .invoke(template -> {
                    if (template == null) {
                        throw errors.resourceNotFound("registrationConfig.templateName: the provisioning template "
                                + name + " does not exist");
                    }
                    if (template.type() != TemplateType.JITP) {
                        throw errors.invalidRequest("registrationConfig.templateName must name a provisioning template"
                                + " of type JITP; " + name + " is of type " + template.type());
                    }
                })
                .replaceWithVoid();
    }

    private Uni<CaCertificate> found(Uni<CaCertificate> ca) {
        return ca.onItem().ifNull().failWith(() -> errors.resourceNotFound("The specified resource does not exist"));
    }

    private AwsServiceException alreadyRegistered(String id) {
        return errors.resourceAlreadyExists("The CA certificate is already registered", id, arns.caCertificate(id));
    }
}
