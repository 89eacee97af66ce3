package io.iotdm.iotpolicy;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The condition operators of the IAM policy language that AWS IoT policies use. {@code ...IfExists} and the
 * {@code ForAnyValue:} / {@code ForAllValues:} qualifiers are not operators of their own: {@link Condition} parses them
 * around the base operator.
 */
enum ConditionOperator {
    STRING_EQUALS("StringEquals", Family.STRING, false, Comparison.EQUAL),
    STRING_NOT_EQUALS("StringNotEquals", Family.STRING, true, Comparison.EQUAL),
    STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", Family.STRING_IGNORE_CASE, false, Comparison.EQUAL),
    STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", Family.STRING_IGNORE_CASE, true, Comparison.EQUAL),
    STRING_LIKE("StringLike", Family.LIKE, false, Comparison.EQUAL),
    STRING_NOT_LIKE("StringNotLike", Family.LIKE, true, Comparison.EQUAL),
    NUMERIC_EQUALS("NumericEquals", Family.NUMERIC, false, Comparison.EQUAL),
    NUMERIC_NOT_EQUALS("NumericNotEquals", Family.NUMERIC, true, Comparison.EQUAL),
    NUMERIC_LESS_THAN("NumericLessThan", Family.NUMERIC, false, Comparison.LESS),
    NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", Family.NUMERIC, false, Comparison.LESS_OR_EQUAL),
    NUMERIC_GREATER_THAN("NumericGreaterThan", Family.NUMERIC, false, Comparison.GREATER),
    NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", Family.NUMERIC, false, Comparison.GREATER_OR_EQUAL),
    DATE_EQUALS("DateEquals", Family.DATE, false, Comparison.EQUAL),
    DATE_NOT_EQUALS("DateNotEquals", Family.DATE, true, Comparison.EQUAL),
    DATE_LESS_THAN("DateLessThan", Family.DATE, false, Comparison.LESS),
    DATE_LESS_THAN_EQUALS("DateLessThanEquals", Family.DATE, false, Comparison.LESS_OR_EQUAL),
    DATE_GREATER_THAN("DateGreaterThan", Family.DATE, false, Comparison.GREATER),
    DATE_GREATER_THAN_EQUALS("DateGreaterThanEquals", Family.DATE, false, Comparison.GREATER_OR_EQUAL),
    BOOL("Bool", Family.STRING_IGNORE_CASE, false, Comparison.EQUAL),
    BINARY_EQUALS("BinaryEquals", Family.STRING, false, Comparison.EQUAL),
    IP_ADDRESS("IpAddress", Family.IP, false, Comparison.EQUAL),
    NOT_IP_ADDRESS("NotIpAddress", Family.IP, true, Comparison.EQUAL),
    ARN_EQUALS("ArnEquals", Family.ARN, false, Comparison.EQUAL),
    ARN_NOT_EQUALS("ArnNotEquals", Family.ARN, true, Comparison.EQUAL),
    ARN_LIKE("ArnLike", Family.ARN, false, Comparison.EQUAL),
    ARN_NOT_LIKE("ArnNotLike", Family.ARN, true, Comparison.EQUAL),
    NULL("Null", Family.NULL, false, Comparison.EQUAL);

    enum Family {
        STRING,
        STRING_IGNORE_CASE,
        LIKE,
        ARN,
        NUMERIC,
        DATE,
        IP,
        NULL
    }

    enum Comparison {
        EQUAL,
        LESS,
        LESS_OR_EQUAL,
        GREATER,
        GREATER_OR_EQUAL;

        boolean holds(int compared) {
            return switch (this) {
                case EQUAL -> compared == 0;
                case LESS -> compared < 0;
                case LESS_OR_EQUAL -> compared <= 0;
                case GREATER -> compared > 0;
                case GREATER_OR_EQUAL -> compared >= 0;
            };
        }
    }

    private static final Map<String, ConditionOperator> BY_NAME = Stream.of(values())
            .collect(Collectors.toUnmodifiableMap(o -> o.awsName.toLowerCase(Locale.ROOT), Function.identity()));

    final String awsName;
    final Family family;
    /** Whether the condition holds when the request's value matches none of the policy's values. */
    final boolean negated;

    final Comparison comparison;

    ConditionOperator(String awsName, Family family, boolean negated, Comparison comparison) {
        this.awsName = awsName;
        this.family = family;
        this.negated = negated;
        this.comparison = comparison;
    }

    /** The operator of that name (case-insensitive), or null. */
    static ConditionOperator named(String name) {
        return BY_NAME.get(name.toLowerCase(Locale.ROOT));
    }
}
