package io.iotdm.iotpolicy;

import io.iotdm.iotpolicy.ConditionOperator.Comparison;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * One value of a condition, compiled for its operator's family: whether a request's value matches it in the
 * operator's positive sense (negation and the set qualifiers are {@link Condition}'s business).
 */
sealed interface ConditionValue
        permits ConditionValue.Text, ConditionValue.Numeric, ConditionValue.Date, ArnValue, IpRange {

    boolean matches(String requestValue, PolicyContext context);

    /**
     * @throws IllegalArgumentException naming the problem, for a value the operator cannot compare with
     */
    static ConditionValue compile(ConditionOperator operator, String text, boolean variables) {
        return switch (operator.family) {
            case STRING -> new Text(PolicyPattern.compile(text, false, variables), false);
            case STRING_IGNORE_CASE -> new Text(PolicyPattern.compile(text, false, variables), true);
            case LIKE -> new Text(PolicyPattern.compile(text, true, variables), false);
            case ARN -> ArnValue.compile(text, variables);
            case NUMERIC -> new Numeric(parseNumber(text, "a number"), operator.comparison);
            case DATE -> new Date(parseDate(text, "a date"), operator.comparison);
            case IP -> IpRange.parse(text);
            case NULL -> new Text(PolicyPattern.compile(text, false, false), true);
        };
    }

    record Text(PolicyPattern pattern, boolean ignoreCase) implements ConditionValue {
        @Override
        public boolean matches(String requestValue, PolicyContext context) {
            return pattern.matches(requestValue, context, ignoreCase);
        }
    }

    record Numeric(BigDecimal value, Comparison comparison) implements ConditionValue {
        @Override
        public boolean matches(String requestValue, PolicyContext context) {
            BigDecimal request = parseNumber(requestValue, null);
            return request != null && comparison.holds(request.compareTo(value));
        }
    }

    record Date(Instant value, Comparison comparison) implements ConditionValue {
        @Override
        public boolean matches(String requestValue, PolicyContext context) {
            Instant request = parseDate(requestValue, null);
            return request != null && comparison.holds(request.compareTo(value));
        }
    }

    /** A number, or null (or, with {@code expected}, an exception) when the text is none. */
    private static BigDecimal parseNumber(String text, String expected) {
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            if (expected == null) {
                return null;
            }
            throw new IllegalArgumentException("'" + text + "' is not " + expected);
        }
    }

    /** An ISO 8601 date-time (with offset) or epoch seconds, as IAM takes them; null when neither. */
    private static Instant parseDate(String text, String expected) {
        String trimmed = text.strip();
        try {
            if (!trimmed.isEmpty() && trimmed.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochSecond(Long.parseLong(trimmed));
            }
            return trimmed.length() == 10
                    ? OffsetDateTime.parse(trimmed + "T00:00:00Z").toInstant()
                    : OffsetDateTime.parse(trimmed).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            if (expected == null) {
                return null;
            }
            throw new IllegalArgumentException(
                    "'" + text + "' is not " + expected + " (ISO 8601, e.g. 2026-01-01T00:00:00Z, or epoch seconds)");
        }
    }
}
