package io.iotdm.iotpolicy;

/**
 * An action, resource or condition value compiled once into literal runs, {@code *} (any run of characters, '/'
 * included), {@code ?} (one character) and policy variables ({@code ${iot:ClientId}}; {@code ${*}}, {@code ${?}} and
 * {@code ${$}} are the literal characters). MQTT's {@code +} and {@code #} are plain characters here, as in AWS: a
 * policy for {@code topicfilter/a/#} allows subscribing to the filter {@code a/#} and no other.
 *
 * <p>Matching walks the tokens with the classic single-backtrack-point glob algorithm (O(pattern × input), no
 * recursion, no regex, no allocation); a variable is looked up when the walk reaches it and its value is matched
 * literally. A variable without a value makes the pattern match nothing.
 */
final class PolicyPattern {

    private static final byte LITERAL = 0;
    private static final byte ANY_RUN = 1;
    private static final byte ONE_CHAR = 2;
    private static final byte VARIABLE = 3;

    private final byte[] kinds;
    /** The literal text of a LITERAL token, the canonical key of a VARIABLE token, null otherwise. */
    private final String[] texts;

    private PolicyPattern(byte[] kinds, String[] texts) {
        this.kinds = kinds;
        this.texts = texts;
    }

    /**
     * @param wildcards whether {@code *} and {@code ?} are wildcards (StringLike, resources) or characters
     *     (StringEquals)
     * @param variables whether {@code ${...}} is a variable (policy version 2012-10-17) or text (2008-10-17)
     * @throws IllegalArgumentException naming the problem, for a {@code ${} without its closing brace
     */
    static PolicyPattern compile(String text, boolean wildcards, boolean variables) {
        var kinds = new java.util.ArrayList<Byte>();
        var texts = new java.util.ArrayList<String>();
        var literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (variables && c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    throw new IllegalArgumentException(
                            "the policy variable at " + i + " of '" + text + "' has no closing '}'");
                }
                String name = text.substring(i + 2, close).strip();
                if (name.equals("*") || name.equals("?") || name.equals("$")) {
                    literal.append(name);
                } else if (name.isEmpty()) {
                    throw new IllegalArgumentException(
                            "the policy variable at " + i + " of '" + text + "' has no name");
                } else {
                    flush(literal, kinds, texts);
                    kinds.add(VARIABLE);
                    texts.add(PolicyKeys.canonical(name));
                }
                i = close + 1;
                continue;
            }
            if (wildcards && (c == '*' || c == '?')) {
                flush(literal, kinds, texts);
                boolean repeatedRun = c == '*' && !kinds.isEmpty() && kinds.getLast() == ANY_RUN;
                if (!repeatedRun) {
                    kinds.add(c == '*' ? ANY_RUN : ONE_CHAR);
                    texts.add(null);
                }
            } else {
                literal.append(c);
            }
            i++;
        }
        flush(literal, kinds, texts);
        byte[] kindArray = new byte[kinds.size()];
        for (int k = 0; k < kindArray.length; k++) {
            kindArray[k] = kinds.get(k);
        }
        return new PolicyPattern(kindArray, texts.toArray(String[]::new));
    }

    private static void flush(StringBuilder literal, java.util.List<Byte> kinds, java.util.List<String> texts) {
        if (!literal.isEmpty()) {
            kinds.add(LITERAL);
            texts.add(literal.toString());
            literal.setLength(0);
        }
    }

    /** Whether {@code input} matches; {@code context} resolves the variables (may be null when there are none). */
    boolean matches(String input, PolicyContext context, boolean ignoreCase) {
        return matches(input, 0, input.length(), context, ignoreCase);
    }

    /** Whether {@code input}'s characters from {@code from} to {@code end} (exclusive) match. */
    boolean matches(String input, int from, int end, PolicyContext context, boolean ignoreCase) {
        int token = 0;
        int at = from;
        int starToken = -1;
        int starAt = -1;
        while (true) {
            if (token < kinds.length) {
                byte kind = kinds[token];
                if (kind == ANY_RUN) {
                    starToken = token++;
                    starAt = at;
                    continue;
                }
                if (kind == ONE_CHAR) {
                    if (at < end) {
                        token++;
                        at++;
                        continue;
                    }
                } else {
                    String text = kind == LITERAL ? texts[token] : resolve(texts[token], context);
                    if (text == null) {
                        return false;
                    }
                    if (at + text.length() <= end && input.regionMatches(ignoreCase, at, text, 0, text.length())) {
                        token++;
                        at += text.length();
                        continue;
                    }
                }
            } else if (at == end) {
                return true;
            }
            if (starToken < 0 || starAt >= end) {
                return false;
            }
            at = ++starAt;
            token = starToken + 1;
        }
    }

    private static String resolve(String key, PolicyContext context) {
        return context == null ? null : context.value(key);
    }
}
