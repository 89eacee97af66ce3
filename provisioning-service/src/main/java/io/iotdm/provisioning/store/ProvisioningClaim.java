package io.iotdm.provisioning.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A temporary claim certificate of CreateProvisioningClaim (docs/aws-behaviour.md §6.10): not one of the account's
 * certificates, usable by a device for its template's fleet-provisioning topics until it expires.
 */
@Entity
@Table(name = "provisioning_claim")
public class ProvisioningClaim {

    @Id
    @Column(name = "certificate_id")
    private String certificateId;

    @Column(name = "certificate_pem")
    private String certificatePem;

    @Column(name = "template_name")
    private String templateName;

    @Column(name = "not_before")
    private Instant notBefore;

    @Column(name = "expiration")
    private Instant expiration;

    @Column(name = "created_at")
    private Instant createdAt;

    protected ProvisioningClaim() {}

    public ProvisioningClaim(
            String certificateId,
            String certificatePem,
            String templateName,
            Instant notBefore,
            Instant expiration,
            Instant createdAt) {
        this.certificateId = certificateId;
        this.certificatePem = certificatePem;
        this.templateName = templateName;
        this.notBefore = notBefore;
        this.expiration = expiration;
        this.createdAt = createdAt;
    }

    public String certificateId() {
        return certificateId;
    }

    public String certificatePem() {
        return certificatePem;
    }

    public String templateName() {
        return templateName;
    }

    public Instant notBefore() {
        return notBefore;
    }

    public Instant expiration() {
        return expiration;
    }
}
