package io.iotdm.iotpolicy;

/**
 * One compiled statement: it applies to a request when an action pattern matches (or, with {@code NotAction}, none
 * does), a resource pattern matches (or, with {@code NotResource}, none does) and every condition holds. Actions are
 * matched case-insensitively, resources case-sensitively, as AWS does. Arrays rather than lists: iterating a list
 * allocated an iterator per statement per request (the bench's policy-eval, ~200 bytes a decision).
 */
record Statement(
        String sid,
        boolean deny,
        PolicyPattern[] actions,
        boolean notAction,
        PolicyPattern[] resources,
        boolean notResource,
        Condition[] conditions) {

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
            PolicyPattern[] patterns, String input, PolicyContext context, boolean ignoreCase) {
        for (PolicyPattern pattern : patterns) {
            if (pattern.matches(input, context, ignoreCase)) {
                return true;
            }
        }
        return false;
    }
}
