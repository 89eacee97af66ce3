package io.iotdm.outbox;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;

/**
 * Carries a change's trace to Kafka. The relay publishes an event later, on its own thread, so the context of the
 * request that wrote it cannot be current there: it travels in the outbox row instead, as W3C {@code traceparent}
 * (and {@code tracestate}) among the row's record headers, written with the change. The relay continues that trace
 * with a producer span per event and puts the span's own {@code traceparent} in the Kafka record's headers, where
 * SmallRye's consumers (and anything else that speaks W3C trace context) pick it up. With tracing off (the default
 * without a collector) the propagator writes nothing and the relay starts no span.
 */
@ApplicationScoped
class OutboxTracing {

    private static final TextMapGetter<Map<String, String>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final TextMapPropagator propagator;
    private final Tracer tracer;

    OutboxTracing(OpenTelemetry openTelemetry) {
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.tracer = openTelemetry.getTracer("io.iotdm.outbox");
    }

    /** @return the event's headers and the trace context of {@code change} (the caller's current one) */
    Map<String, String> withTrace(Map<String, String> headers, Context change) {
        Map<String, String> traced = new HashMap<>(headers);
        propagator.inject(change, traced, Map::put);
        return traced;
    }

    /**
     * Starts the span of publishing one event, a child of the change that wrote it, and replaces the row's trace
     * headers with the span's. A row without a trace context (written with tracing off) gets no span.
     *
     * @return the span to end once Kafka has answered
     */
    Span publishing(String topic, Map<String, String> headers) {
        Context change = propagator.extract(Context.root(), headers, HEADERS);
        if (!Span.fromContext(change).getSpanContext().isValid()) {
            return Span.getInvalid();
        }
        Span span = tracer.spanBuilder(topic + " publish")
                .setParent(change)
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", topic)
                .startSpan();
        propagator.inject(change.with(span), headers, Map::put);
        return span;
    }

    /** Ends the span of an event Kafka refused. */
    static void refused(Span span, Throwable reason) {
        span.recordException(reason);
        span.setStatus(StatusCode.ERROR);
        span.end();
    }
}
