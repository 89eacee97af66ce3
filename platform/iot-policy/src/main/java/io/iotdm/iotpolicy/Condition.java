package io.iotdm.iotpolicy;

import java.util.List;
import java.util.Locale;

/**
 * One key under one operator of a statement's {@code Condition} block, with IAM's semantics: the policy's values are
 * alternatives (any one may match); a negated operator holds when none matches; a key the request lacks makes a
 * positive operator false and a negated one true, unless {@code ...IfExists} makes either true. A key with several
 * values is a set: {@code ForAnyValue:} holds if one value passes, {@code ForAllValues:} if every value passes (and
 * for a key without values); without qualifier a positive operator needs one value to match, a negated one none.
 */
record Condition(
        ConditionOperator operator, Qualifier qualifier, boolean ifExists, String key, ConditionValue[] values) {

    enum Qualifier {
        NONE,
        FOR_ANY_VALUE,
        FOR_ALL_VALUES
    }

    /** The parts of an operator name such as {@code ForAllValues:StringLikeIfExists}, or null when unknown. */
    record Parsed(ConditionOperator operator, Qualifier qualifier, boolean ifExists) {}

    static Parsed parseOperator(String name) {
        Qualifier qualifier = Qualifier.NONE;
        String rest = name;
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("foranyvalue:")) {
            qualifier = Qualifier.FOR_ANY_VALUE;
            rest = name.substring("ForAnyValue:".length());
        } else if (lower.startsWith("forallvalues:")) {
            qualifier = Qualifier.FOR_ALL_VALUES;
            rest = name.substring("ForAllValues:".length());
        }
        boolean ifExists = rest.toLowerCase(Locale.ROOT).endsWith("ifexists");
        ConditionOperator operator =
                ConditionOperator.named(ifExists ? rest.substring(0, rest.length() - "IfExists".length()) : rest);
        if (operator == null || (operator == ConditionOperator.NULL && (ifExists || qualifier != Qualifier.NONE))) {
            return null;
        }
        return new Parsed(operator, qualifier, ifExists);
    }

    boolean holds(PolicyContext context) {
        List<String> requestValues = context.values(key);
        if (operator == ConditionOperator.NULL) {
            // Null's values say whether the key is absent: "true" holds for a request without the key.
            return matchesAny(Boolean.toString(requestValues.isEmpty()), context);
        }
        if (requestValues.isEmpty()) {
            return switch (qualifier) {
                case FOR_ALL_VALUES -> true;
                case FOR_ANY_VALUE -> ifExists;
                case NONE -> ifExists || operator.negated;
            };
        }
        if (qualifier == Qualifier.FOR_ALL_VALUES) {
            for (int i = 0; i < requestValues.size(); i++) {
                if (!passes(requestValues.get(i), context)) {
                    return false;
                }
            }
            return true;
        }
        if (qualifier == Qualifier.NONE && operator.negated) {
            for (int i = 0; i < requestValues.size(); i++) {
                if (matchesAny(requestValues.get(i), context)) {
                    return false;
                }
            }
            return true;
        }
        for (int i = 0; i < requestValues.size(); i++) {
            if (passes(requestValues.get(i), context)) {
                return true;
            }
        }
        return false;
    }

    private boolean passes(String requestValue, PolicyContext context) {
        return matchesAny(requestValue, context) != operator.negated;
    }

    private boolean matchesAny(String requestValue, PolicyContext context) {
        for (ConditionValue value : values) {
            if (value.matches(requestValue, context)) {
                return true;
            }
        }
        return false;
    }
}
