package io.iotdm.provisioning.registrationtask;

/** A thing registration task's status, as AWS spells it (the model's {@code Status}; docs/aws-behaviour.md §6.9). */
public enum TaskStatus {
    InProgress,
    Completed,
    Failed,
    Cancelled,
    Cancelling;

    /** A runner still has work: lines to register, or the reports of a stopped task to write. */
    boolean running() {
        return this == InProgress || this == Cancelling;
    }
}
