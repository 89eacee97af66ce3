package io.iotdm.jobs.device;

import io.iotdm.jobs.store.ExecutionStatus;
import java.util.Map;

/**
 * UpdateJobExecution's input.
 *
 * @param statusDetails {@code null}: the execution's stay as they are
 * @param expectedVersion {@code null}: any version
 * @param executionNumber {@code null}: the latest execution
 * @param stepTimeoutInMinutes {@code null}: the step timer stays as it is (docs/aws-behaviour.md §5.11)
 */
record ExecutionUpdate(
        String thingName,
        String jobId,
        ExecutionStatus status,
        Map<String, String> statusDetails,
        Long expectedVersion,
        Long executionNumber,
        boolean includeJobExecutionState,
        boolean includeJobDocument,
        Long stepTimeoutInMinutes) {}
