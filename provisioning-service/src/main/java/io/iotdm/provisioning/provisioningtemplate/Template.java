package io.iotdm.provisioning.provisioningtemplate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A provisioning template: its settings, which of its versions is the default, and the number the next version gets.
 * The bodies are its {@link TemplateVersion}s.
 */
@Entity
@Table(name = "provisioning_template")
public class Template {

    @Id
    @Column(name = "template_name")
    private String name;

    @Column(name = "description")
    private String description;

    /** Set at creation and never changed (docs/aws-behaviour.md §6.5): every version's body was checked for it. */
    @Enumerated(EnumType.STRING)
    @Column(name = "template_type")
    private TemplateType type;

    @Column(name = "enabled")
    private boolean enabled;

    @Column(name = "provisioning_role_arn")
    private String provisioningRoleArn;

    @Column(name = "hook_target_arn")
    private String hookTargetArn;

    @Column(name = "hook_payload_version")
    private String hookPayloadVersion;

    @Column(name = "default_version_id")
    private int defaultVersionId;

    /** Version ids are never reused: a new version is numbered after the last one ever made. */
    @Column(name = "last_version_id")
    private int lastVersionId;

    @Column(name = "creation_date")
    private Instant creationDate;

    @Column(name = "last_modified_date")
    private Instant lastModifiedDate;

    protected Template() {}

    Template(
            String name,
            String description,
            TemplateType type,
            boolean enabled,
            String provisioningRoleArn,
            ProvisioningHook hook,
            Instant now) {
        this.name = name;
        this.description = description;
        this.type = type;
        this.enabled = enabled;
        this.provisioningRoleArn = provisioningRoleArn;
        setHook(hook);
        this.defaultVersionId = 1;
        this.lastVersionId = 1;
        this.creationDate = now;
        this.lastModifiedDate = now;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public TemplateType type() {
        return type;
    }

    public boolean enabled() {
        return enabled;
    }

    public String provisioningRoleArn() {
        return provisioningRoleArn;
    }

    /** @return the pre-provisioning hook, or {@code null} */
    public ProvisioningHook hook() {
        return hookTargetArn == null ? null : new ProvisioningHook(hookTargetArn, hookPayloadVersion);
    }

    public int defaultVersionId() {
        return defaultVersionId;
    }

    public Instant creationDate() {
        return creationDate;
    }

    public Instant lastModifiedDate() {
        return lastModifiedDate;
    }

    /** @return the id of the version to add */
    int addVersion(boolean setAsDefault, Instant now) {
        lastVersionId++;
        if (setAsDefault) {
            defaultVersionId = lastVersionId;
        }
        lastModifiedDate = now;
        return lastVersionId;
    }

    /**
     * UpdateProvisioningTemplate: the members the caller sent, already checked.
     *
     * @param defaultVersion the version the update makes the default (it exists), or {@code null}
     */
    void update(TemplateUpdate update, TemplateVersion defaultVersion, Instant now) {
        if (update.description() != null) {
            description = update.description();
        }
        if (update.enabled() != null) {
            enabled = update.enabled();
        }
        if (defaultVersion != null) {
            defaultVersionId = defaultVersion.versionId();
        }
        if (update.provisioningRoleArn() != null) {
            provisioningRoleArn = update.provisioningRoleArn();
        }
        if (update.hook() != null) {
            setHook(update.hook());
        }
        if (update.removeHook()) {
            setHook(null);
        }
        lastModifiedDate = now;
    }

    private void setHook(ProvisioningHook hook) {
        hookTargetArn = hook == null ? null : hook.targetArn();
        hookPayloadVersion = hook == null ? null : hook.payloadVersion();
    }
}
