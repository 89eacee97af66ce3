package io.iotdm.provisioning.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A registered CA certificate (docs/aws-behaviour.md §6.2): the PEM, its status, whether it registers the certificates
 * it signed on their first connection (auto-registration) and with which template (registrationConfig). Its tags are
 * in the {@code tag} table under its ARN, as every resource's ({@code ResourceTags}).
 */
@Entity
@Table(name = "ca_certificate")
public class CaCertificate {

    /** AWS's CA certificate statuses. */
    public enum Status {
        ACTIVE,
        INACTIVE
    }

    /** AWS's AutoRegistrationStatus. */
    public enum AutoRegistration {
        ENABLE,
        DISABLE
    }

    /** The JITP configuration: a template by name, or a template body with its role; {@code null} members are unset. */
    public record RegistrationConfig(String templateName, String templateBody, String roleArn) {}

    @Id
    @Column(name = "certificate_id")
    private String id;

    @Column(name = "certificate_pem")
    private String pem;

    @Column(name = "subject_key")
    private String subjectKey;

    @Column(name = "status")
    private String status;

    @Column(name = "auto_registration_status")
    private String autoRegistration;

    @Column(name = "certificate_mode")
    private String mode;

    @Column(name = "template_name")
    private String templateName;

    @Column(name = "template_body")
    private String templateBody;

    @Column(name = "role_arn")
    private String roleArn;

    @Column(name = "customer_version")
    private int customerVersion;

    @Column(name = "generation_id")
    private String generationId;

    @Column(name = "not_before")
    private Instant notBefore;

    @Column(name = "not_after")
    private Instant notAfter;

    @Column(name = "creation_date")
    private Instant creationDate;

    @Column(name = "last_modified_date")
    private Instant lastModifiedDate;

    protected CaCertificate() {}

    /**
     * @param subjectKey the canonical subject ({@code IotCertificate.subjectKey()})
     * @param registrationConfig the JITP configuration, or {@code null}
     */
    public CaCertificate(
            String id,
            String pem,
            String subjectKey,
            Status status,
            AutoRegistration autoRegistration,
            Certificate.Mode mode,
            RegistrationConfig registrationConfig,
            Instant notBefore,
            Instant notAfter,
            Instant now) {
        this.id = id;
        this.pem = pem;
        this.subjectKey = subjectKey;
        this.status = status.name();
        this.autoRegistration = autoRegistration.name();
        this.mode = mode.name();
        setRegistrationConfig(registrationConfig);
        this.customerVersion = 1;
        this.generationId = UUID.randomUUID().toString();
        this.notBefore = notBefore;
        this.notAfter = notAfter;
        this.creationDate = now;
        this.lastModifiedDate = now;
    }

    public String id() {
        return id;
    }

    public String pem() {
        return pem;
    }

    public String subjectKey() {
        return subjectKey;
    }

    public Status status() {
        return Status.valueOf(status);
    }

    public AutoRegistration autoRegistration() {
        return AutoRegistration.valueOf(autoRegistration);
    }

    public Certificate.Mode mode() {
        return Certificate.Mode.valueOf(mode);
    }

    /** @return the JITP configuration, or {@code null} */
    public RegistrationConfig registrationConfig() {
        if (templateName == null && templateBody == null && roleArn == null) {
            return null;
        }
        return new RegistrationConfig(templateName, templateBody, roleArn);
    }

    public int customerVersion() {
        return customerVersion;
    }

    public String generationId() {
        return generationId;
    }

    public Instant notBefore() {
        return notBefore;
    }

    public Instant notAfter() {
        return notAfter;
    }

    public Instant creationDate() {
        return creationDate;
    }

    public Instant lastModifiedDate() {
        return lastModifiedDate;
    }

    /**
     * UpdateCACertificate: each argument is the new value, or {@code null} to keep the current one; {@code
     * removeRegistrationConfig} drops the configuration. A change is a new customer version.
     *
     * @return whether anything changed
     */
    public boolean update(
            Status newStatus,
            AutoRegistration newAutoRegistration,
            RegistrationConfig newRegistrationConfig,
            boolean removeRegistrationConfig,
            Instant now) {
        String statusBefore = status;
        String autoRegistrationBefore = autoRegistration;
        RegistrationConfig registrationConfigBefore = registrationConfig();
        if (newStatus != null) {
            status = newStatus.name();
        }
        if (newAutoRegistration != null) {
            autoRegistration = newAutoRegistration.name();
        }
        if (newRegistrationConfig != null) {
            setRegistrationConfig(newRegistrationConfig);
        }
        if (removeRegistrationConfig) {
            setRegistrationConfig(null);
        }
        if (status.equals(statusBefore)
                && autoRegistration.equals(autoRegistrationBefore)
                && Objects.equals(registrationConfig(), registrationConfigBefore)) {
            return false;
        }
        customerVersion++;
        generationId = UUID.randomUUID().toString();
        lastModifiedDate = now;
        return true;
    }

    private void setRegistrationConfig(RegistrationConfig config) {
        templateName = config == null ? null : config.templateName();
        templateBody = config == null ? null : config.templateBody();
        roleArn = config == null ? null : config.roleArn();
    }
}
