package io.iotdm.gateway.proxy;

import io.iotdm.aws.protocol.ErrorResponse;
import io.vertx.core.MultiMap;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** What every answer of the gateway carries, whoever produced it. */
final class ResponseStamp {

    static final String REQUEST_ID = ErrorResponse.REQUEST_ID_HEADER;
    static final String REQUEST_ID_LOWER = REQUEST_ID.toLowerCase(Locale.ROOT);

    // IMF-fixdate; RFC_1123_DATE_TIME would print one-digit days, which HTTP does not allow
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    private ResponseStamp() {}

    /**
     * The gateway's request id replaces any the upstream sent (it received ours, so they agree unless it ignored it).
     * SDKs correct their clock skew from {@code Date} after a "Signature expired" answer, so every answer has one.
     */
    static void stamp(MultiMap headers, String requestId) {
        headers.set(REQUEST_ID, requestId);
        if (!headers.contains("Date")) {
            headers.set("Date", HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
        }
    }
}
