package io.iotdm.jobs.device;

import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.jobs.store.JobExecution;

/**
 * A device's update refused because of the execution's state: over HTTP the error it wraps, over MQTT a rejection of
 * {@code mqttCode} ({@code VersionMismatch} or {@code InvalidStateTransition}) that carries the execution's state, as
 * AWS's does (docs/aws-behaviour.md §5.3, §5.17).
 */
final class ExecutionStateRejection extends AwsServiceException {

    private final String mqttCode;
    private final transient JobExecution execution;

    ExecutionStateRejection(String mqttCode, AwsServiceException error, JobExecution execution) {
        super(error.code(), error.getMessage());
        this.mqttCode = mqttCode;
        this.execution = execution;
    }

    String mqttCode() {
        return mqttCode;
    }

    JobExecution execution() {
        return execution;
    }
}
