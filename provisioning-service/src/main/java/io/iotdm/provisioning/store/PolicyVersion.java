package io.iotdm.provisioning.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** One version of a policy: its document as the caller sent it. */
@Entity
@Table(name = "policy_version")
@IdClass(PolicyVersion.Key.class)
public class PolicyVersion {

    /** The identity of a version. */
    public record Key(String policyName, int versionId) implements Serializable {}

    @Id
    @Column(name = "policy_name")
    private String policyName;

    @Id
    @Column(name = "version_id")
    private int versionId;

    @Column(name = "policy_document")
    private String document;

    @Column(name = "creation_date")
    private Instant creationDate;

    protected PolicyVersion() {}

    public PolicyVersion(String policyName, int versionId, String document, Instant creationDate) {
        this.policyName = policyName;
        this.versionId = versionId;
        this.document = document;
        this.creationDate = creationDate;
    }

    public String policyName() {
        return policyName;
    }

    public int versionId() {
        return versionId;
    }

    public String document() {
        return document;
    }

    public Instant creationDate() {
        return creationDate;
    }
}
