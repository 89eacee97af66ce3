package io.iotdm.provisioning.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An IoT policy: its name, which of its versions is the default, and the number the next version gets. */
@Entity
@Table(name = "policy")
public class Policy {

    @Id
    @Column(name = "policy_name")
    private String name;

    @Column(name = "default_version_id")
    private int defaultVersionId;

    /** Version ids are never reused: a new version is numbered after the last one ever made. */
    @Column(name = "last_version_id")
    private int lastVersionId;

    @Column(name = "generation_id")
    private String generationId;

    @Column(name = "creation_date")
    private Instant creationDate;

    @Column(name = "last_modified_date")
    private Instant lastModifiedDate;

    protected Policy() {}

    public Policy(String name, Instant now) {
        this.name = name;
        this.defaultVersionId = 1;
        this.lastVersionId = 1;
        this.generationId = newGenerationId();
        this.creationDate = now;
        this.lastModifiedDate = now;
    }

    public String name() {
        return name;
    }

    public int defaultVersionId() {
        return defaultVersionId;
    }

    public int lastVersionId() {
        return lastVersionId;
    }

    public String generationId() {
        return generationId;
    }

    public Instant creationDate() {
        return creationDate;
    }

    public Instant lastModifiedDate() {
        return lastModifiedDate;
    }

    /** @return the id of the version to add */
    public int addVersion(boolean setAsDefault, Instant now) {
        lastVersionId++;
        if (setAsDefault) {
            defaultVersionId = lastVersionId;
        }
        touch(now);
        return lastVersionId;
    }

    public void setDefaultVersion(int versionId, Instant now) {
        defaultVersionId = versionId;
        touch(now);
    }

    private void touch(Instant now) {
        lastModifiedDate = now;
        generationId = newGenerationId();
    }

    /** AWS's generationId is an opaque 64-hex-digit value that changes with each write of the policy. */
    private static String newGenerationId() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }
}
