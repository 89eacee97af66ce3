package io.iotdm.jobs.store;

/**
 * What a job's configurations ask of its rollout and executions beyond {@code maximumPerMinute}
 * (docs/aws-behaviour.md §5.10–§5.13).
 *
 * @param abortConfig {@code null} without one
 * @param inProgressTimeoutInMinutes {@code timeoutConfig.inProgressTimeoutInMinutes}, {@code null} without a timeout
 * @param retryConfig {@code jobExecutionsRetryConfig}, {@code null} without one
 * @param exponentialRate {@code jobExecutionsRolloutConfig.exponentialRate}, {@code null} without one
 * @param schedulingConfig {@code schedulingConfig}, {@code null} without one (docs/aws-behaviour.md §5.20)
 */
public record JobConfigurations(
        AbortConfig abortConfig,
        Long inProgressTimeoutInMinutes,
        RetryConfig retryConfig,
        ExponentialRate exponentialRate,
        SchedulingConfig schedulingConfig) {

    /** A job without any of them. */
    public static final JobConfigurations NONE = new JobConfigurations(null, null, null, null, null);

    /** These configurations with a job's {@code schedulingConfig} (CreateJob's alone: UpdateJob has none). */
    public JobConfigurations scheduled(SchedulingConfig scheduling) {
        return new JobConfigurations(abortConfig, inProgressTimeoutInMinutes, retryConfig, exponentialRate, scheduling);
    }
}
