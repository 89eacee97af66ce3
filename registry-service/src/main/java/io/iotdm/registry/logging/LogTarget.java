package io.iotdm.registry.logging;

/**
 * What a log level applies to: {@code DEFAULT} (the account, without a name), or a thing group, client id, source
 * IP or principal id by name.
 *
 * @param name {@code null} for {@code DEFAULT}
 */
public record LogTarget(String type, String name) {

    public static final String DEFAULT = "DEFAULT";

    public boolean isDefault() {
        return DEFAULT.equals(type);
    }

    /** Where a listing resumes after this target; the type has no {@code /}, so the first one separates. */
    String cursor() {
        return type + "/" + (name == null ? "" : name);
    }

    static LogTarget ofCursor(String cursor) {
        int slash = cursor.indexOf('/');
        return new LogTarget(cursor.substring(0, slash), cursor.substring(slash + 1));
    }
}
