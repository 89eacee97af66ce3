package io.iotdm.iotpolicy;

import java.util.Locale;

/**
 * The one spelling of a context key under which values are stored and looked up: AWS treats the names of condition
 * keys and policy variables case-insensitively, but a thing attribute's name in {@code Attributes[name]} is the
 * attribute's, and attribute names are case-sensitive.
 */
final class PolicyKeys {

    private PolicyKeys() {}

    static String canonical(String key) {
        int bracket = key.indexOf('[');
        return bracket < 0
                ? key.toLowerCase(Locale.ROOT)
                : key.substring(0, bracket).toLowerCase(Locale.ROOT) + key.substring(bracket);
    }
}
