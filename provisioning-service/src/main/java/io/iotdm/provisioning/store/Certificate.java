package io.iotdm.provisioning.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A device certificate as AWS IoT keeps it: the PEM, the registered CA it was registered under, its status and validity.
 * {@code caCertificateId} names a CA certificate of the account only: it is empty for the certificates iotdm issued
 * (its issuing CA is not a registered CA, as AWS's is not) and for those registered without a CA
 * (docs/aws-behaviour.md §6.1). The comment on the column in the applied migration V3 says otherwise and is wrong.
 */
@Entity
@Table(name = "certificate")
public class Certificate {

    /** AWS's certificate statuses; a caller may set only ACTIVE, INACTIVE and REVOKED. */
    public enum Status {
        ACTIVE,
        INACTIVE,
        REVOKED,
        PENDING_TRANSFER,
        REGISTER_INACTIVE,
        PENDING_ACTIVATION
    }

    /** DEFAULT: the device sends its certificate's chain or the CA is known by it; SNI_ONLY: found by SNI. */
    public enum Mode {
        DEFAULT,
        SNI_ONLY
    }

    @Id
    @Column(name = "certificate_id")
    private String id;

    @Column(name = "certificate_pem")
    private String pem;

    @Column(name = "ca_certificate_id")
    private String caCertificateId;

    @Column(name = "status")
    private String status;

    @Column(name = "certificate_mode")
    private String mode;

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

    protected Certificate() {}

    /**
     * @param caCertificateId the registered CA it was registered under (RegisterCertificate), {@code null} when iotdm
     *     issued it or it was registered without a CA
     */
    public Certificate(
            String id,
            String pem,
            String caCertificateId,
            Status status,
            Mode mode,
            Instant notBefore,
            Instant notAfter,
            Instant now) {
        this.id = id;
        this.pem = pem;
        this.caCertificateId = caCertificateId;
        this.status = status.name();
        this.mode = mode.name();
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

    public String caCertificateId() {
        return caCertificateId;
    }

    public Status status() {
        return Status.valueOf(status);
    }

    public Mode mode() {
        return Mode.valueOf(mode);
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

    /** A new status, as a new customer version. */
    public void changeStatus(Status newStatus, Instant now) {
        status = newStatus.name();
        customerVersion++;
        generationId = UUID.randomUUID().toString();
        lastModifiedDate = now;
    }
}
