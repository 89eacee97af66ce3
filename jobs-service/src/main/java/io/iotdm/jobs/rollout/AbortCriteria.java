package io.iotdm.jobs.rollout;

import io.iotdm.jobs.store.AbortConfig;
import io.iotdm.jobs.store.AbortConfig.Criterion;
import io.iotdm.jobs.store.ExecutionStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The condition of an abort (docs/aws-behaviour.md §5.10): a criterion is met once at least
 * {@code minNumberOfExecutedThings} executions have ended (SUCCEEDED, FAILED, REJECTED or TIMED_OUT: what a device
 * executed, not what the service canceled or removed) and those that ended as its {@code failureType} are at least
 * {@code thresholdPercentage} of them. Counted over the job's executions as they are now, so a result that arrives
 * late is counted the same as one that arrived on time.
 */
final class AbortCriteria {

    /** The statuses of an execution that a device executed to its end. */
    static final Set<ExecutionStatus> EXECUTED = EnumSet.of(
            ExecutionStatus.SUCCEEDED, ExecutionStatus.FAILED, ExecutionStatus.REJECTED, ExecutionStatus.TIMED_OUT);

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** A criterion met, with the counts that met it. */
    record Met(Criterion criterion, long failures, long executed) {

        /** The comment the canceled job carries: which criterion, with which counts. */
        String comment() {
            BigDecimal percentage = BigDecimal.valueOf(failures)
                    .multiply(HUNDRED)
                    .divide(BigDecimal.valueOf(executed), 2, RoundingMode.DOWN)
                    .stripTrailingZeros();
            String ended =
                    "ALL".equals(criterion.failureType()) ? "FAILED, REJECTED or TIMED_OUT" : criterion.failureType();
            return "Job aborted: " + failures + " of " + executed + " executed things ended " + ended + " ("
                    + percentage.toPlainString() + "%), reaching the abort threshold of "
                    + criterion.thresholdPercentage().stripTrailingZeros().toPlainString() + "% after at least "
                    + criterion.minNumberOfExecutedThings() + " executed things.";
        }
    }

    private AbortCriteria() {}

    /** The first criterion of {@code config}, in its order, that the counts meet. */
    static Optional<Met> firstMet(AbortConfig config, Map<ExecutionStatus, Long> counts) {
        long executed = sum(counts, EXECUTED);
        for (Criterion criterion : config.criteria()) {
            long failures = sum(counts, criterion.failures());
            boolean enough = executed >= criterion.minNumberOfExecutedThings();
            // failures / executed >= threshold / 100, without division
            if (enough
                    && BigDecimal.valueOf(failures)
                                    .multiply(HUNDRED)
                                    .compareTo(criterion.thresholdPercentage().multiply(BigDecimal.valueOf(executed)))
                            >= 0) {
                return Optional.of(new Met(criterion, failures, executed));
            }
        }
        return Optional.empty();
    }

    private static long sum(Map<ExecutionStatus, Long> counts, Set<ExecutionStatus> statuses) {
        return statuses.stream()
                .mapToLong(status -> counts.getOrDefault(status, 0L))
                .sum();
    }
}
