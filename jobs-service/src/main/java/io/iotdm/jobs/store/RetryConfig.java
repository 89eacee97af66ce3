package io.iotdm.jobs.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A job's {@code jobExecutionsRetryConfig} (docs/aws-behaviour.md §5.12): how many times an execution that ended FAILED
 * or TIMED_OUT is tried again.
 *
 * @param criteria {@code criteriaList}, in the caller's order
 */
public record RetryConfig(List<Criterion> criteria) {

    public RetryConfig {
        criteria = List.copyOf(criteria);
    }

    /** One {@code RetryCriteria}. */
    public record Criterion(String failureType, int numberOfRetries) {

        /** The terminal statuses {@code failureType} retries: ALL is FAILED and TIMED_OUT. */
        public Set<ExecutionStatus> failures() {
            return "ALL".equals(failureType)
                    ? EnumSet.of(ExecutionStatus.FAILED, ExecutionStatus.TIMED_OUT)
                    : EnumSet.of(ExecutionStatus.valueOf(failureType));
        }
    }

    /** The criterion that retries an execution that ended in {@code status}, or {@code null}. */
    public Criterion criterionFor(ExecutionStatus status) {
        return criteria.stream()
                .filter(criterion -> criterion.failures().contains(status))
                .findFirst()
                .orElse(null);
    }

    /** The configuration from its JSON (a request's member, which the model has checked, or the stored column). */
    public static RetryConfig of(JsonNode json) {
        List<Criterion> criteria = new ArrayList<>();
        for (JsonNode criterion : json.path("criteriaList")) {
            criteria.add(new Criterion(
                    criterion.path("failureType").asText(),
                    criterion.path("numberOfRetries").asInt()));
        }
        return new RetryConfig(criteria);
    }

    /** As DescribeJob renders it, members in the model's order. */
    public ObjectNode json() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        var list = json.putArray("criteriaList");
        for (Criterion criterion : criteria) {
            list.addObject()
                    .put("failureType", criterion.failureType())
                    .put("numberOfRetries", criterion.numberOfRetries());
        }
        return json;
    }
}
