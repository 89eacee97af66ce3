package io.iotdm.provisioning.registrationtask;

/** A thing registration task's status, as AWS spells it (the model's {@code Status}; docs/aws-behaviour.md §6.9). */
public enum TaskStatus {
    InProgress,
    Completed,
    Failed,
    Cancelled,
    Cancelling
}
