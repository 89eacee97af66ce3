package io.iotdm.jobs.store;

/**
 * What a job's configurations ask of its rollout and executions beyond {@code maximumPerMinute}
 * (docs/aws-behaviour.md §5.10–§5.13).
 *
 * @param abortConfig {@code null} without one
 * @param inProgressTimeoutInMinutes {@code timeoutConfig.inProgressTimeoutInMinutes}, {@code null} without a timeout
 * @param retryConfig {@code jobExecutionsRetryConfig}, {@code null} without one
 * @param exponentialRate {@code jobExecutionsRolloutConfig.exponentialRate}, {@code null} without one
 */
public record JobConfigurations(
        AbortConfig abortConfig,
        Long inProgressTimeoutInMinutes,
        RetryConfig retryConfig,
        ExponentialRate exponentialRate) {

    /** A job without any of them. */
    public static final JobConfigurations NONE = new JobConfigurations(null, null, null, null);
}
