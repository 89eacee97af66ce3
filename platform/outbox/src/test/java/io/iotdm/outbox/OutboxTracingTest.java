package io.iotdm.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class OutboxTracingTest {

    private final List<SpanData> exported = new CopyOnWriteArrayList<>();
    private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(new Collecting()))
                    .build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    private final OutboxTracing tracing = new OutboxTracing(openTelemetry);

    @Test
    void theRowKeepsTheChangesTraceAndThePublishedRecordContinuesIt() {
        Span request =
                openTelemetry.getTracer("test").spanBuilder("UpdateThing").startSpan();
        Map<String, String> row;
        try (Scope current = request.makeCurrent()) {
            row = tracing.withTrace(Map.of("mqtt-topic", "$aws/events/thing/lamp-1/updated"), Context.current());
        } finally {
            request.end();
        }
        assertThat(row)
                .containsEntry("mqtt-topic", "$aws/events/thing/lamp-1/updated")
                .containsEntry("traceparent", traceparent(request));

        Map<String, String> record = new HashMap<>(row);
        Span publish = tracing.publishing("aws.events.thing", record);
        publish.end();

        assertThat(record).containsEntry("traceparent", traceparent(publish));
        SpanData published = exported.stream()
                .filter(span -> span.getName().equals("aws.events.thing publish"))
                .findFirst()
                .orElseThrow();
        assertThat(published.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(published.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
        assertThat(published.getParentSpanId())
                .isEqualTo(request.getSpanContext().getSpanId());
    }

    @Test
    void aChangeOutsideATraceIsPublishedWithoutOne() {
        Map<String, String> row = tracing.withTrace(Map.of("event-id", "e-1"), Context.root());
        assertThat(row).containsOnlyKeys("event-id");

        Map<String, String> record = new HashMap<>(row);
        Span publish = tracing.publishing("aws.events.thing", record);

        assertThat(publish.getSpanContext().isValid()).isFalse();
        assertThat(record).containsOnlyKeys("event-id");
    }

    private static String traceparent(Span span) {
        return "00-" + span.getSpanContext().getTraceId() + "-"
                + span.getSpanContext().getSpanId() + "-01";
    }

    private final class Collecting implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            exported.addAll(spans);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
