package io.iotdm.provisioning.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** A thing attached to a principal: a certificate's ARN or a Cognito identity id (docs/aws-behaviour.md §6.1). */
@Entity
@Table(name = "thing_principal")
@IdClass(ThingPrincipal.Key.class)
public class ThingPrincipal {

    /** EXCLUSIVE_THING: the principal is attached to this thing only; NON_EXCLUSIVE_THING (the default): to any. */
    public enum Type {
        EXCLUSIVE_THING,
        NON_EXCLUSIVE_THING
    }

    /** The identity of an attachment. */
    public record Key(String principal, String thingName) implements Serializable {}

    @Id
    @Column(name = "principal")
    private String principal;

    @Id
    @Column(name = "thing_name")
    private String thingName;

    @Column(name = "thing_principal_type")
    private String type;

    @Column(name = "attached_at")
    private Instant attachedAt;

    /** The registry's id of the thing attached: its deletion removes this attachment, a namesake's does not. */
    @Column(name = "thing_id")
    private String thingId;

    protected ThingPrincipal() {}

    public ThingPrincipal(String principal, String thingName, String thingId, Type type, Instant attachedAt) {
        this.principal = principal;
        this.thingName = thingName;
        this.thingId = thingId;
        this.type = type.name();
        this.attachedAt = attachedAt;
    }

    public String principal() {
        return principal;
    }

    public String thingName() {
        return thingName;
    }

    public Type type() {
        return Type.valueOf(type);
    }

    public Instant attachedAt() {
        return attachedAt;
    }
}
