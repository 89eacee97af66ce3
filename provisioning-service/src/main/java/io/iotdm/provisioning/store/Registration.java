package io.iotdm.provisioning.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A registration of a provisioning template under its key: the plan, how far it got, and who runs it until when
 * (io.iotdm.provisioning.registration runs it).
 */
@Entity
@Table(name = "registration")
public class Registration {

    /** Where a registration stands. */
    public enum Status {
        IN_PROGRESS,
        COMPLETE,
        FAILED
    }

    /** The step an IN_PROGRESS registration runs next; DONE once COMPLETE or FAILED. */
    public enum Step {
        VALIDATE,
        THING,
        GROUPS,
        COMMIT,
        UNDO,
        DONE
    }

    @Id
    @Column(name = "registration_key")
    private String key;

    @Column(name = "plan")
    private String plan;

    @Column(name = "thing_id")
    private String thingId;

    @Column(name = "status")
    private String status;

    @Column(name = "step")
    private String step;

    @Column(name = "certificate_pem")
    private String certificatePem;

    @Column(name = "resource_arns")
    private String resourceArns;

    @Column(name = "error_type")
    private String errorType;

    @Column(name = "error_message")
    private String errorMessage;

    @Column(name = "lease_token")
    private String leaseToken;

    @Column(name = "lease_until")
    private Instant leaseUntil;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    protected Registration() {}

    /** A new registration, IN_PROGRESS at VALIDATE, held by {@code leaseToken} until {@code leaseUntil}. */
    public Registration(String key, String plan, String thingId, String leaseToken, Instant leaseUntil, Instant now) {
        this.key = key;
        this.plan = plan;
        this.thingId = thingId;
        this.status = Status.IN_PROGRESS.name();
        this.step = Step.VALIDATE.name();
        this.leaseToken = leaseToken;
        this.leaseUntil = leaseUntil;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /**
     * The registration as a transaction is about to change it: the copy is changed, so that the row its run carries
     * stays as last committed when the transaction rolls back.
     */
    public Registration copy() {
        Registration copy = new Registration(key, plan, thingId, leaseToken, leaseUntil, createdAt);
        copy.status = status;
        copy.step = step;
        copy.certificatePem = certificatePem;
        copy.resourceArns = resourceArns;
        copy.errorType = errorType;
        copy.errorMessage = errorMessage;
        copy.updatedAt = updatedAt;
        return copy;
    }

    public String key() {
        return key;
    }

    public String plan() {
        return plan;
    }

    public String thingId() {
        return thingId;
    }

    public Status status() {
        return Status.valueOf(status);
    }

    public Step step() {
        return Step.valueOf(step);
    }

    public String certificatePem() {
        return certificatePem;
    }

    public String resourceArns() {
        return resourceArns;
    }

    public String errorType() {
        return errorType;
    }

    public String errorMessage() {
        return errorMessage;
    }

    public String leaseToken() {
        return leaseToken;
    }

    public Instant leaseUntil() {
        return leaseUntil;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** The next step, under a renewed lease. */
    public void advance(Step next, Instant leaseUntil, Instant now) {
        this.step = next.name();
        this.leaseUntil = leaseUntil;
        this.updatedAt = now;
    }

    /** Keeps the certificate issued for the plan's CSR (once: a resumed run finds it here). */
    public void issued(String certificatePem) {
        this.certificatePem = certificatePem;
    }

    /** Another run holds the registration from now on. */
    public void lease(String leaseToken, Instant leaseUntil, Instant now) {
        this.leaseToken = leaseToken;
        this.leaseUntil = leaseUntil;
        this.updatedAt = now;
    }

    /**
     * A failure that is final: what this registration wrote is being undone (UNDO), then it is FAILED. It is
     * IN_PROGRESS without resources whatever the row held: nothing of the plan committed.
     */
    public void failing(String errorType, String errorMessage, Instant leaseUntil, Instant now) {
        this.status = Status.IN_PROGRESS.name();
        this.resourceArns = null;
        this.errorType = errorType;
        this.errorMessage = errorMessage;
        advance(Step.UNDO, leaseUntil, now);
    }

    public void failed(Instant now) {
        this.status = Status.FAILED.name();
        this.step = Step.DONE.name();
        this.updatedAt = now;
    }

    public void complete(String resourceArns, Instant now) {
        this.status = Status.COMPLETE.name();
        this.step = Step.DONE.name();
        this.resourceArns = resourceArns;
        this.updatedAt = now;
    }
}
