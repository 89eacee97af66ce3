package io.iotdm.jobs.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * {@code jobExecutionsRolloutConfig.exponentialRate} (docs/aws-behaviour.md §5.13): the rate starts at
 * {@code baseRatePerMinute} and is multiplied by {@code incrementFactor} each time another threshold's worth of things
 * has been notified (or has succeeded).
 *
 * @param numberOfNotifiedThings the threshold on notified things, or {@code null}
 * @param numberOfSucceededThings the threshold on succeeded things, or {@code null} (exactly one of the two is set)
 */
public record ExponentialRate(
        int baseRatePerMinute,
        BigDecimal incrementFactor,
        Integer numberOfNotifiedThings,
        Integer numberOfSucceededThings) {

    /** Whether the rate grows with succeeded things rather than notified ones. */
    public boolean onSucceeded() {
        return numberOfSucceededThings != null;
    }

    /**
     * The rate per minute once {@code count} things were notified (or succeeded, {@link #onSucceeded}): the base
     * times the factor once per whole threshold, rounded down, at most {@code ceiling}.
     */
    public int ratePerMinute(long count, int ceiling) {
        long threshold = onSucceeded() ? numberOfSucceededThings : numberOfNotifiedThings;
        long increases = count / threshold;
        BigDecimal rate = BigDecimal.valueOf(baseRatePerMinute);
        BigDecimal cap = BigDecimal.valueOf(ceiling);
        // stops at the ceiling, so a large count costs no more than the few multiplications that reach it
        for (long i = 0; i < increases && rate.compareTo(cap) < 0; i++) {
            rate = rate.multiply(incrementFactor);
        }
        return rate.min(cap).setScale(0, RoundingMode.DOWN).intValueExact();
    }

    /** The configuration from its JSON (a request's member, which the model has checked, or the stored column). */
    public static ExponentialRate of(JsonNode json) {
        JsonNode criteria = json.path("rateIncreaseCriteria");
        return new ExponentialRate(
                json.path("baseRatePerMinute").asInt(),
                json.path("incrementFactor").decimalValue(),
                criteria.hasNonNull("numberOfNotifiedThings")
                        ? criteria.get("numberOfNotifiedThings").asInt()
                        : null,
                criteria.hasNonNull("numberOfSucceededThings")
                        ? criteria.get("numberOfSucceededThings").asInt()
                        : null);
    }

    /** As DescribeJob renders it, members in the model's order; the factor a double as AWS's Java service. */
    public ObjectNode json() {
        ObjectNode json = JsonNodeFactory.instance
                .objectNode()
                .put("baseRatePerMinute", baseRatePerMinute)
                .put("incrementFactor", incrementFactor.doubleValue());
        ObjectNode criteria = json.putObject("rateIncreaseCriteria");
        if (numberOfNotifiedThings != null) {
            criteria.put("numberOfNotifiedThings", numberOfNotifiedThings);
        }
        if (numberOfSucceededThings != null) {
            criteria.put("numberOfSucceededThings", numberOfSucceededThings);
        }
        return json;
    }
}
