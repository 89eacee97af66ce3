package io.iotdm.registry.messaging;

import java.util.Optional;

/**
 * An MQTT topic filter as a PostgreSQL regular expression that matches the topics it selects: {@code +} one level,
 * {@code #} as the last level that level's parent and everything below it (MQTT 3.1.1 §4.7.1). Every other character
 * that is not a letter or a digit is escaped (in PostgreSQL's advanced expressions a backslash before such a character
 * stands for the character itself).
 */
final class TopicFilter {

    private TopicFilter() {}

    /** @return nothing when {@code filter} is no valid topic filter (a wildcard inside a level, {@code #} not last) */
    static Optional<String> regex(String filter) {
        if (filter.isEmpty()) {
            return Optional.empty();
        }
        String[] levels = filter.split("/", -1);
        StringBuilder regex = new StringBuilder("^");
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.equals("#")) {
                if (i != levels.length - 1) {
                    return Optional.empty();
                }
                // "a/#" selects "a" as well; "#" alone every topic
                regex.append(i == 0 ? ".*" : "(/.*)?");
                break;
            }
            if (i > 0) {
                regex.append('/');
            }
            if (level.equals("+")) {
                regex.append("[^/]*");
            } else if (level.contains("+") || level.contains("#")) {
                return Optional.empty();
            } else {
                level.codePoints().forEach(c -> {
                    if (!Character.isLetterOrDigit(c)) {
                        regex.append('\\');
                    }
                    regex.appendCodePoint(c);
                });
            }
        }
        return Optional.of(regex.append('$').toString());
    }
}
