package io.iotdm.provisioning.registrationtask;

/**
 * A task that cannot go on, whatever a retry would do (its input file deleted or changed since it started): it ends
 * Failed, with this message and the reports of the lines done (docs/aws-behaviour.md §6.9).
 */
final class TaskFailed extends RuntimeException {

    TaskFailed(String message) {
        super(message, null, false, false);
    }
}
