package io.iotdm.provisioning.provisioningtemplate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** One version of a provisioning template: its body as the caller sent it. */
@Entity
@Table(name = "provisioning_template_version")
@IdClass(TemplateVersion.Key.class)
public class TemplateVersion {

    /** The identity of a version. */
    public record Key(String templateName, int versionId) implements Serializable {}

    @Id
    @Column(name = "template_name")
    private String templateName;

    @Id
    @Column(name = "version_id")
    private int versionId;

    @Column(name = "template_body")
    private String body;

    @Column(name = "creation_date")
    private Instant creationDate;

    protected TemplateVersion() {}

    TemplateVersion(String templateName, int versionId, String body, Instant creationDate) {
        this.templateName = templateName;
        this.versionId = versionId;
        this.body = body;
        this.creationDate = creationDate;
    }

    public String templateName() {
        return templateName;
    }

    public int versionId() {
        return versionId;
    }

    public String body() {
        return body;
    }

    public Instant creationDate() {
        return creationDate;
    }
}
