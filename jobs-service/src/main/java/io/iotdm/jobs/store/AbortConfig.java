package io.iotdm.jobs.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A job's {@code abortConfig} (docs/aws-behaviour.md §5.10): the job is canceled once any criterion is met.
 *
 * @param criteria {@code criteriaList}, in the caller's order
 */
public record AbortConfig(List<Criterion> criteria) {

    public AbortConfig {
        criteria = List.copyOf(criteria);
    }

    /**
     * One {@code AbortCriteria}: met once at least {@code minNumberOfExecutedThings} executions have ended and the
     * share of them that ended as {@code failureType} is at least {@code thresholdPercentage}.
     */
    public record Criterion(
            String failureType, String action, BigDecimal thresholdPercentage, int minNumberOfExecutedThings) {

        /** The terminal statuses {@code failureType} counts: ALL is FAILED, REJECTED and TIMED_OUT. */
        public Set<ExecutionStatus> failures() {
            return "ALL".equals(failureType)
                    ? EnumSet.of(ExecutionStatus.FAILED, ExecutionStatus.REJECTED, ExecutionStatus.TIMED_OUT)
                    : EnumSet.of(ExecutionStatus.valueOf(failureType));
        }
    }

    /** The configuration from its JSON (a request's member, which the model has checked, or the stored column). */
    public static AbortConfig of(JsonNode json) {
        List<Criterion> criteria = new ArrayList<>();
        for (JsonNode criterion : json.path("criteriaList")) {
            criteria.add(new Criterion(
                    criterion.path("failureType").asText(),
                    criterion.path("action").asText(),
                    criterion.path("thresholdPercentage").decimalValue(),
                    criterion.path("minNumberOfExecutedThings").asInt()));
        }
        return new AbortConfig(criteria);
    }

    /** As DescribeJob renders it, members in the model's order; the percentage a double as AWS's Java service. */
    public ObjectNode json() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        var list = json.putArray("criteriaList");
        for (Criterion criterion : criteria) {
            list.addObject()
                    .put("failureType", criterion.failureType())
                    .put("action", criterion.action())
                    .put("thresholdPercentage", criterion.thresholdPercentage().doubleValue())
                    .put("minNumberOfExecutedThings", criterion.minNumberOfExecutedThings());
        }
        return json;
    }
}
