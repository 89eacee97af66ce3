package io.iotdm.observability;

import org.jboss.logging.MDC;

/**
 * The {@code x-amzn-RequestId} of the request being served, in the log context (MDC {@value #REQUEST_ID}), so that
 * every line logged for it carries it: the api-gateway assigns it and forwards it signed, the service behind it puts
 * the same id here. Quarkus keeps the MDC in the request's Vert.x context, so it follows the request across its
 * asynchronous steps rather than staying on a thread.
 */
public final class RequestLogContext {

    /** The MDC key: {@code %X{requestId}} in a text format, {@code mdc.requestId} in a JSON line. */
    public static final String REQUEST_ID = "requestId";

    private RequestLogContext() {}

    public static void requestId(String requestId) {
        MDC.put(REQUEST_ID, requestId);
    }
}
