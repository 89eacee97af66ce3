package io.iotdm.aws.protocol;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * AWS IoT's timestamp units: the control plane's JSON carries epoch seconds with milliseconds as a fraction
 * ({@code 1544466338.399}), event payloads carry epoch milliseconds.
 */
public final class Timestamps {

    private Timestamps() {}

    /** Epoch seconds with millisecond precision, for control-plane JSON; a whole second has no fraction. */
    public static BigDecimal epochSeconds(Instant instant) {
        long millis = instant.toEpochMilli();
        // A scale of 0 for whole seconds: stripTrailingZeros would turn 1544466330 into 1.54446633E+9.
        return millis % 1000 == 0
                ? BigDecimal.valueOf(millis / 1000)
                : BigDecimal.valueOf(millis, 3).stripTrailingZeros();
    }

    /** Epoch milliseconds, for event payloads. */
    public static long epochMillis(Instant instant) {
        return instant.toEpochMilli();
    }

    /**
     * The earliest and latest instants iotdm takes: years 1 to 9999, what ISO-8601 writes with four digits. PostgreSQL
     * stores more, but a time outside them is a client's mistake (1e18 sent as seconds), not a date to keep.
     */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    /** The instant of control-plane epoch seconds, to the millisecond. */
    public static Instant fromEpochSeconds(BigDecimal seconds) {
        return Instant.ofEpochMilli(
                seconds.movePointRight(3).setScale(0, RoundingMode.FLOOR).longValueExact());
    }

    /** Whether epoch seconds are a time iotdm takes: from year 1 to year 9999. */
    static boolean inRange(BigDecimal seconds) {
        BigDecimal millis = seconds.movePointRight(3);
        return millis.compareTo(BigDecimal.valueOf(EARLIEST.toEpochMilli())) >= 0
                && millis.compareTo(BigDecimal.valueOf(LATEST.toEpochMilli())) <= 0;
    }

    /**
     * A timestamp as clients send it in a query string: ISO-8601 (botocore's {@code 2019-01-01T00:00:00Z}) or
     * epoch seconds.
     *
     * @throws IllegalArgumentException when it is neither
     */
    static Instant parse(String text) {
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notIso) {
            try {
                instant = fromEpochSeconds(new BigDecimal(text));
            } catch (ArithmeticException | NumberFormatException notEpoch) {
                throw new IllegalArgumentException("Not a timestamp: " + text, notEpoch);
            }
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new IllegalArgumentException("Not a timestamp between years 1 and 9999: " + text);
        }
        return instant;
    }
}
