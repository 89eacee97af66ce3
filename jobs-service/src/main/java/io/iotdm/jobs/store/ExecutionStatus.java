package io.iotdm.jobs.store;

import java.util.Locale;

/** A job execution's status and who may set it (docs/aws-behaviour.md §5.2). */
public enum ExecutionStatus {
    QUEUED(false, false),
    IN_PROGRESS(false, true),
    SUCCEEDED(true, true),
    FAILED(true, true),
    TIMED_OUT(true, false),
    REJECTED(true, true),
    REMOVED(true, false),
    CANCELED(true, false);

    private final boolean terminal;
    private final boolean deviceMaySet;

    ExecutionStatus(boolean terminal, boolean deviceMaySet) {
        this.terminal = terminal;
        this.deviceMaySet = deviceMaySet;
    }

    public boolean terminal() {
        return terminal;
    }

    /** A device may report only IN_PROGRESS, SUCCEEDED, FAILED and REJECTED (docs/aws-behaviour.md §5.2). */
    public boolean deviceMaySet() {
        return deviceMaySet;
    }

    /** The last segment of the {@code $aws/events/jobExecution/{jobId}/...} topic of an execution that ended so. */
    public String eventOperation() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The {@code jobProcessDetails} member that counts the things whose execution has this status. */
    public String processDetailsMember() {
        String camel =
                switch (this) {
                    case QUEUED -> "Queued";
                    case IN_PROGRESS -> "InProgress";
                    case SUCCEEDED -> "Succeeded";
                    case FAILED -> "Failed";
                    case TIMED_OUT -> "TimedOut";
                    case REJECTED -> "Rejected";
                    case REMOVED -> "Removed";
                    case CANCELED -> "Canceled";
                };
        return "numberOf" + camel + "Things";
    }
}
