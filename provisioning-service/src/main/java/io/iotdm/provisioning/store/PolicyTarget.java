package io.iotdm.provisioning.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** A policy attached to a target: a certificate's ARN, a static thing group's ARN or a Cognito identity id. */
@Entity
@Table(name = "policy_target")
@IdClass(PolicyTarget.Key.class)
public class PolicyTarget {

    /** The identity of an attachment. */
    public record Key(String policyName, String target) implements Serializable {}

    @Id
    @Column(name = "policy_name")
    private String policyName;

    @Id
    @Column(name = "target")
    private String target;

    @Column(name = "attached_at")
    private Instant attachedAt;

    protected PolicyTarget() {}

    public PolicyTarget(String policyName, String target, Instant attachedAt) {
        this.policyName = policyName;
        this.target = target;
        this.attachedAt = attachedAt;
    }

    public String policyName() {
        return policyName;
    }

    public String target() {
        return target;
    }
}
