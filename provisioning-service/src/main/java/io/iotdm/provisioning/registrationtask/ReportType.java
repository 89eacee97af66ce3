package io.iotdm.provisioning.registrationtask;

/** The two reports of a task (the model's {@code ReportType}): one line per input line, by outcome. */
public enum ReportType {
    /** The lines that were registered: their resources' ARNs and the certificate's PEM. */
    RESULTS,
    /** The lines that failed: AWS's error type and message. */
    ERRORS
}
