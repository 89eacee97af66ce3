package io.iotdm.indexing.dynamic;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Keeps the membership decisions in the traces of the changes that caused them. The decisions of a batch are taken
 * together, on a worker thread, after SmallRye's spans of the batch's records have ended, so their span is made here:
 * a child of the batch's first traced record (a lone UpdateThing's decision continues its trace), linked to the other
 * traced records of the batch. {@link DecisionPublisher} puts it in each decision's record headers as W3C
 * {@code traceparent}, which group-service's consumer continues.
 */
@Singleton
public class DecisionTrace {

    /** A batch of 500 records links at most this many traces: enough to find them, bounded for the exporter. */
    static final int MAX_LINKS = 128;

    private static final TextMapGetter<Headers> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers carrier) {
            return StreamSupport.stream(carrier.spliterator(), false)
                    .map(Header::key)
                    .toList();
        }

        @Override
        public String get(Headers carrier, String key) {
            Header header = carrier == null ? null : carrier.lastHeader(key);
            return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private final TextMapPropagator propagator;
    private final Tracer tracer;

    DecisionTrace(OpenTelemetry openTelemetry) {
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.tracer = openTelemetry.getTracer("io.iotdm.indexing");
    }

    /** @return the span of deciding the memberships of a batch of these records, to make current and end */
    public Span deciding(Iterable<? extends ConsumerRecord<?, ?>> records) {
        List<SpanContext> traced = new ArrayList<>();
        for (ConsumerRecord<?, ?> record : records) {
            SpanContext cause = Span.fromContext(propagator.extract(Context.root(), record.headers(), HEADERS))
                    .getSpanContext();
            if (cause.isValid() && traced.size() < MAX_LINKS) {
                traced.add(cause);
            }
        }
        if (traced.isEmpty()) {
            return Span.getInvalid(); // tracing off, or no record of the batch was traced
        }
        SpanBuilder span = tracer.spanBuilder("decide dynamic-group memberships")
                .setParent(Context.root().with(Span.wrap(traced.getFirst())))
                .setSpanKind(SpanKind.INTERNAL);
        traced.stream().skip(1).forEach(span::addLink);
        return span.startSpan();
    }

    /** The headers of a decision's record: the current context's trace, if any. */
    Headers headers() {
        Headers headers = new RecordHeaders();
        propagator.inject(
                Context.current(),
                headers,
                (carrier, key, value) -> carrier.add(key, value.getBytes(StandardCharsets.UTF_8)));
        return headers;
    }
}
