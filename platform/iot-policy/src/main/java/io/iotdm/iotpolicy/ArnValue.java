package io.iotdm.iotpolicy;

/**
 * A value of ArnEquals / ArnLike (and their negations): as in IAM, each of the six ':'-separated parts of the ARN
 * (arn, partition, service, region, account, resource; the resource may hold more ':'s) is matched on its own, with
 * {@code *} and {@code ?}, so that a wildcard never spans a ':'. The request's ARN is cut at its first five ':'s in
 * place, without allocating.
 */
record ArnValue(PolicyPattern[] parts) implements ConditionValue {

    private static final int PARTS = 6;

    static ArnValue compile(String text, boolean variables) {
        String[] texts = text.split(":", PARTS);
        if (texts.length != PARTS || !texts[0].equals("arn")) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not an ARN (arn:partition:service:region:account:" + "resource)");
        }
        PolicyPattern[] parts = new PolicyPattern[PARTS];
        for (int i = 0; i < PARTS; i++) {
            parts[i] = PolicyPattern.compile(texts[i], true, variables);
        }
        return new ArnValue(parts);
    }

    @Override
    public boolean matches(String requestValue, PolicyContext context) {
        int from = 0;
        for (int i = 0; i < PARTS - 1; i++) {
            int colon = requestValue.indexOf(':', from);
            if (colon < 0 || !parts[i].matches(requestValue, from, colon, context, false)) {
                return false;
            }
            from = colon + 1;
        }
        return parts[PARTS - 1].matches(requestValue, from, requestValue.length(), context, false);
    }
}
