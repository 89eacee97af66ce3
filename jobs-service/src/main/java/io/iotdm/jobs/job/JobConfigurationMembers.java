package io.iotdm.jobs.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.jobs.store.AbortConfig;
import io.iotdm.jobs.store.ExponentialRate;
import io.iotdm.jobs.store.JobConfigurations;
import io.iotdm.jobs.store.JobExecution;
import io.iotdm.jobs.store.RetryConfig;
import java.util.HashSet;
import java.util.Set;

/**
 * The {@code abortConfig}, {@code timeoutConfig}, {@code jobExecutionsRetryConfig} and
 * {@code jobExecutionsRolloutConfig.exponentialRate} members of CreateJob, checked beyond the model
 * (docs/aws-behaviour.md §5.10–§5.13): the model has checked the types, the enums, the required members and the
 * ranges it declares; what AWS documents outside the model is checked here.
 */
final class JobConfigurationMembers {

    /** {@code inProgressTimeoutInMinutes}: 1 minute to 7 days, as the step timer (the model declares no range). */
    static final long MAX_TIMEOUT_MINUTES = JobExecution.MAX_STEP_TIMEOUT_MINUTES;

    private JobConfigurationMembers() {}

    private static final String TIMED_OUT_NEEDS_TIMEOUT =
            "jobExecutionsRetryConfig retries TIMED_OUT executions only for a job with a timeoutConfig.";

    /** At most this many retries across a retry configuration's criteria (docs/aws-behaviour.md §5.12). */
    static final int MAX_RETRIES = 10;

    /**
     * The configurations of a CreateJob ({@code current} {@link JobConfigurations#NONE}) or UpdateJob request: each
     * member given replaces {@code current}'s, each absent one keeps it ({@code jobExecutionsRolloutConfig} as a
     * whole).
     */
    static JobConfigurations parse(AwsRequest request, JobConfigurations current, AwsErrors errors) {
        Long timeout =
                given(request.node("timeoutConfig")) ? timeout(request, errors) : current.inProgressTimeoutInMinutes();
        JsonNode rollout = request.node("jobExecutionsRolloutConfig");
        return new JobConfigurations(
                given(request.node("abortConfig"))
                        ? abortConfig(request.node("abortConfig"), errors)
                        : current.abortConfig(),
                timeout,
                given(request.node("jobExecutionsRetryConfig"))
                        ? retryConfig(request.node("jobExecutionsRetryConfig"), timeout != null, errors)
                        : checkedRetries(current.retryConfig(), timeout != null, errors),
                given(rollout) ? exponentialRate(rollout.path("exponentialRate"), errors) : current.exponentialRate(),
                current.schedulingConfig());
    }

    /** {@code jobExecutionsRolloutConfig.maximumPerMinute} of a request that gives that member, else {@code null}. */
    static Integer maximumPerMinute(AwsRequest request) {
        JsonNode perMinute = request.node("jobExecutionsRolloutConfig").path("maximumPerMinute");
        return given(perMinute) ? perMinute.intValue() : null;
    }

    static boolean given(JsonNode member) {
        return !member.isMissingNode() && !member.isNull();
    }

    /** A kept retry configuration still needs its timeout when it retries TIMED_OUT. */
    private static RetryConfig checkedRetries(RetryConfig kept, boolean timeout, AwsErrors errors) {
        if (kept != null
                && !timeout
                && kept.criteria().stream().anyMatch(criterion -> "TIMED_OUT".equals(criterion.failureType()))) {
            throw errors.invalidRequest(TIMED_OUT_NEEDS_TIMEOUT);
        }
        return kept;
    }

    private static ExponentialRate exponentialRate(JsonNode member, AwsErrors errors) {
        if (!given(member)) {
            return null;
        }
        ExponentialRate rate = ExponentialRate.of(member);
        if (rate.incrementFactor().stripTrailingZeros().scale() > 1) {
            throw errors.invalidRequest("jobExecutionsRolloutConfig exponentialRate incrementFactor "
                    + rate.incrementFactor().toPlainString() + " has more than one digit after the decimal point.");
        }
        if ((rate.numberOfNotifiedThings() == null) == (rate.numberOfSucceededThings() == null)) {
            throw errors.invalidRequest("jobExecutionsRolloutConfig exponentialRate rateIncreaseCriteria takes exactly"
                    + " one of numberOfNotifiedThings and numberOfSucceededThings.");
        }
        return rate;
    }

    private static AbortConfig abortConfig(JsonNode member, AwsErrors errors) {
        if (!given(member)) {
            return null;
        }
        AbortConfig config = AbortConfig.of(member);
        for (AbortConfig.Criterion criterion : config.criteria()) {
            if (criterion.thresholdPercentage().stripTrailingZeros().scale() > 2) {
                throw errors.invalidRequest("abortConfig thresholdPercentage "
                        + criterion.thresholdPercentage().toPlainString()
                        + " has more than two digits after the decimal point.");
            }
        }
        return config;
    }

    private static RetryConfig retryConfig(JsonNode member, boolean timeout, AwsErrors errors) {
        if (!given(member)) {
            return null;
        }
        RetryConfig config = RetryConfig.of(member);
        Set<String> types = new HashSet<>();
        int total = 0;
        for (RetryConfig.Criterion criterion : config.criteria()) {
            if (!types.add(criterion.failureType())) {
                throw errors.invalidRequest("jobExecutionsRetryConfig names failureType " + criterion.failureType()
                        + " in more than one criterion.");
            }
            if ("TIMED_OUT".equals(criterion.failureType()) && !timeout) {
                throw errors.invalidRequest(TIMED_OUT_NEEDS_TIMEOUT);
            }
            total += criterion.numberOfRetries();
        }
        if (types.contains("ALL") && types.size() > 1) {
            throw errors.invalidRequest(
                    "jobExecutionsRetryConfig cannot combine failureType ALL with another failureType.");
        }
        if (total > MAX_RETRIES) {
            throw errors.invalidRequest(
                    "jobExecutionsRetryConfig allows at most " + MAX_RETRIES + " retries in total, not " + total + ".");
        }
        return config;
    }

    private static Long timeout(AwsRequest request, AwsErrors errors) {
        JsonNode minutes = request.node("timeoutConfig").path("inProgressTimeoutInMinutes");
        if (!given(minutes)) {
            return null;
        }
        long value = minutes.longValue();
        if (value < 1 || value > MAX_TIMEOUT_MINUTES) {
            throw errors.invalidRequest("timeoutConfig inProgressTimeoutInMinutes must be between 1 and "
                    + MAX_TIMEOUT_MINUTES + ", not " + value + ".");
        }
        return value;
    }
}
