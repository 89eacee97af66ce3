package io.iotdm.devicegateway.logging;

import java.util.Optional;

/** AWS's v2 log levels, each including the ones before it; {@link #DISABLED} includes none. */
public enum LogLevel {
    DISABLED,
    ERROR,
    WARN,
    INFO,
    DEBUG;

    /** Whether a target at this level logs an entry of {@code entry}'s level. */
    boolean includes(LogLevel entry) {
        return this != DISABLED && entry != DISABLED && entry.ordinal() <= ordinal();
    }

    /** The level of a name the registry stored, empty for none (or one this gateway does not know). */
    static Optional<LogLevel> of(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }
}
