package io.iotdm.provisioning.template;

import java.util.regex.Pattern;

/**
 * AWS's constraints on the names and values a template produces (iot.service-2.json's shapes), checked once the
 * functions are resolved so that the failure names the resource, not a later CreateThing.
 */
enum NameRule {
    THING_NAME("the name", "[a-zA-Z0-9:_-]+", 1, 128),
    THING_TYPE_NAME("the name", "[a-zA-Z0-9:_-]+", 1, 128),
    THING_GROUP_NAME("the group name", "[a-zA-Z0-9:_-]+", 1, 128),
    BILLING_GROUP_NAME("the name", "[a-zA-Z0-9:_-]+", 1, 128),
    ATTRIBUTE_NAME("the attribute name", "[a-zA-Z0-9_.,@/:#-]+", 1, 128),
    ATTRIBUTE_VALUE("the attribute value", "[a-zA-Z0-9_.,@/:#=\\[\\]-]*", 0, 800),
    POLICY_NAME("the name", "[\\w+=,.@-]+", 1, 128),
    CERTIFICATE_ID("the certificate id", "(0x)?[a-fA-F0-9]+", 64, 64),
    CERTIFICATE_SIGNING_REQUEST("the signing request", "[\\s\\S]*", 1, 4096),
    CERTIFICATE_PEM("the certificate", "[\\s\\S]*", 1, 65536),
    CA_CERTIFICATE_PEM("the CA certificate", "[\\s\\S]*", 1, 65536);

    private final String label;
    private final Pattern pattern;
    private final int min;
    private final int max;

    NameRule(String label, String pattern, int min, int max) {
        this.label = label;
        this.pattern = Pattern.compile(pattern);
        this.min = min;
        this.max = max;
    }

    String check(String value, Scope scope) {
        if (value.length() < min || value.length() > max) {
            throw scope.fail(label + " must be " + (min == max ? min : min + " to " + max) + " characters long, not "
                    + value.length());
        }
        if (!pattern.matcher(value).matches()) {
            throw scope.fail(label + " '" + value + "' must match " + pattern.pattern());
        }
        return value;
    }
}
