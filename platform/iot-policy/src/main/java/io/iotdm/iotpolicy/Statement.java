package io.iotdm.iotpolicy;

import java.util.List;

/**
 * One compiled statement: it applies to a request when an action pattern matches (or, with {@code NotAction}, none
 * does), a resource pattern matches (or, with {@code NotResource}, none does) and every condition holds. Actions are
 * matched case-insensitively, resources case-sensitively, as AWS does.
 */
record Statement(
        String sid,
        boolean deny,
        List<PolicyPattern> actions,
        boolean notAction,
        List<PolicyPattern> resources,
        boolean notResource,
        List<Condition> conditions) {

    boolean appliesTo(String action, String resource, PolicyContext context) {
        if (anyMatches(actions, action, null, true) == notAction) {
            return false;
        }
        if (anyMatches(resources, resource, context, false) == notResource) {
            return false;
        }
        for (Condition condition : conditions) {
            if (!condition.holds(context)) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyMatches(
            List<PolicyPattern> patterns, String input, PolicyContext context, boolean ignoreCase) {
        for (PolicyPattern pattern : patterns) {
            if (pattern.matches(input, context, ignoreCase)) {
                return true;
            }
        }
        return false;
    }
}
