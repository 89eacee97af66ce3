package io.iotdm.observability;

import io.opentelemetry.api.trace.Span;
import org.jboss.logging.MDC;

/**
 * The {@code x-amzn-RequestId} of the request being served, in the log context (MDC {@value #REQUEST_ID}), so that
 * every line logged for it carries it, and on the request's span (attribute {@value #SPAN_ATTRIBUTE}), so that a trace
 * is found from the id a client reports: the api-gateway assigns it and forwards it signed, the service behind it puts
 * the same id here. Quarkus keeps the MDC and the current span in the request's Vert.x context, so both follow the
 * request across its asynchronous steps rather than staying on a thread.
 */
public final class RequestLogContext {

    /** The MDC key: {@code %X{requestId}} in a text format, {@code mdc.requestId} in a JSON line. */
    public static final String REQUEST_ID = "requestId";

    /** OpenTelemetry's semantic convention for an AWS request id. */
    public static final String SPAN_ATTRIBUTE = "aws.request_id";

    private RequestLogContext() {}

    public static void requestId(String requestId) {
        MDC.put(REQUEST_ID, requestId);
        Span.current().setAttribute(SPAN_ATTRIBUTE, requestId);
    }

    /** @return the request id of the request being served here, or {@code null} outside one */
    public static String requestId() {
        Object requestId = MDC.get(REQUEST_ID);
        return requestId == null ? null : requestId.toString();
    }
}
