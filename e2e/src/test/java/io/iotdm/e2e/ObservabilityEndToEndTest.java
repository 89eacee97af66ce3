package io.iotdm.e2e;

import static io.iotdm.e2e.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotdm.devstack.StackAddresses;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.DynamicGroupStatus;

/**
 * What an operator sees of one request: its trace across every service it reaches (HTTP into the gateway and the
 * registry, the outbox relay, Kafka into the indexing-service and group-service, the indexing-service's membership
 * decision into group-service) in the suite's own OTLP receiver, and the Prometheus metrics of each service on
 * {@code /q/metrics}.
 */
class ObservabilityEndToEndTest {

    private static final List<String> SERVICES = List.of(
            "api-gateway",
            "registry-service",
            "group-service",
            "indexing-service",
            "provisioning-service",
            "jobs-service",
            "device-gateway");
    private static final Pattern LAG_OF_THINGS =
            Pattern.compile("kafka_consumer_fetch_manager_records_lag_max\\{[^}]*topic=\"aws.events.thing\"");
    private static final Pattern METRIC_NAME = Pattern.compile("\\b(iotdm|kafka)_[a-z_]+");

    private final IotClient iot = Suite.iot();

    @Test
    void oneUpdateThingIsOneTraceFromTheGatewayThroughTheOutboxAndKafkaToTheConsumers() {
        String run = "traced" + UUID.randomUUID().toString().substring(0, 8);
        String thing = run + "-lamp";
        iot.createThing(request -> request.thingName(thing)
                .attributePayload(attributes -> attributes.attributes(Map.of("run", run, "fw", "1.0"))));
        String group = run + "-fw2";
        iot.createDynamicThingGroup(request ->
                request.thingGroupName(group).queryString("attributes.run:" + run + " AND attributes.fw:2.0"));
        await(
                () -> iot.describeThingGroup(request -> request.thingGroupName(group)),
                described -> described.status() == DynamicGroupStatus.ACTIVE);
        // the client starts the trace (as an instrumented application would), so that the test knows its id
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String traceparent = "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01";

        iot.updateThing(request -> request.thingName(thing)
                .attributePayload(
                        attributes -> attributes.attributes(Map.of("fw", "2.0")).merge(true))
                .overrideConfiguration(override -> override.putHeader("traceparent", traceparent)));

        List<OtlpReceiver.ReceivedSpan> trace = await(
                () -> Suite.spans().stream()
                        .filter(span -> span.traceId().equals(traceId))
                        .toList(),
                spans -> services(spans)
                                .containsAll(
                                        Set.of("api-gateway", "registry-service", "indexing-service", "group-service"))
                        && !childrenOf(spans, named(spans, "decide dynamic-group memberships"))
                                .isEmpty());
        assertThat(services(trace)).contains("api-gateway", "registry-service", "indexing-service", "group-service");
        // the relay's span, a child of the registry's request through the outbox row, parents the consumers' spans
        OtlpReceiver.ReceivedSpan published = named(trace, "aws.events.thing publish")
                .orElseThrow(() -> new AssertionError("no outbox publish span in " + trace));
        assertThat(published.service()).isEqualTo("registry-service");
        assertThat(childrenOf(trace, Optional.of(published)))
                .extracting(OtlpReceiver.ReceivedSpan::service)
                .contains("indexing-service", "group-service");
        // the thing now matches the dynamic group: the indexing-service's decision, in the same trace, reaches
        // group-service through iotdm.dynamic-membership
        OtlpReceiver.ReceivedSpan decided = named(trace, "decide dynamic-group memberships")
                .orElseThrow(() -> new AssertionError("no membership decision span in " + trace));
        assertThat(decided.service()).isEqualTo("indexing-service");
        assertThat(childrenOf(trace, Optional.of(decided)))
                .extracting(OtlpReceiver.ReceivedSpan::service)
                .containsOnly("group-service");
        // the decisions' producer, made by the indexing-service itself on its first decision, has the Kafka client's
        // own send metrics
        assertThat(metrics("indexing-service"))
                .containsPattern("kafka_producer_record_send_total\\{client_id=\"iotdm-dynamic-membership-");
    }

    private static Optional<OtlpReceiver.ReceivedSpan> named(List<OtlpReceiver.ReceivedSpan> spans, String name) {
        return spans.stream().filter(span -> span.name().equals(name)).findFirst();
    }

    private static List<OtlpReceiver.ReceivedSpan> childrenOf(
            List<OtlpReceiver.ReceivedSpan> spans, Optional<OtlpReceiver.ReceivedSpan> parent) {
        return parent.map(found -> spans.stream()
                        .filter(span -> span.parentSpanId().equals(found.spanId()))
                        .toList())
                .orElse(List.of());
    }

    @Test
    void everyServiceServesPrometheusMetricsWithBoundedTags() throws Exception {
        String thing = "metered-" + UUID.randomUUID();
        iot.createThing(request -> request.thingName(thing));
        iot.updateThing(request ->
                request.thingName(thing).attributePayload(attributes -> attributes.attributes(Map.of("fw", "1"))));

        String gateway = metrics("api-gateway");
        assertThat(gateway)
                .contains("iotdm_gateway_requests_seconds_count{aws_service=\"iot\",operation=\"UpdateThing\","
                        + "status=\"200\"}")
                .contains("iotdm_gateway_requests_seconds_bucket{aws_service=\"iot\",operation=\"UpdateThing\","
                        + "status=\"200\",le=\"0.25\"}")
                .doesNotContain(thing);
        assertThat(metrics("registry-service"))
                .contains("iotdm_operation_requests_seconds_count{aws_service=\"iot\",operation=\"UpdateThing\","
                        + "status=\"200\"}")
                .contains("iotdm_outbox_backlog_rows", "iotdm_outbox_oldest_age_seconds")
                .contains("iotdm_outbox_published_total", "iotdm_outbox_dead_lettered_total")
                .doesNotContain(thing);
        assertThat(await(
                        () -> metrics("indexing-service"),
                        text -> text.contains("iotdm_indexing_freshness_seconds_count")))
                .contains("iotdm_indexing_freshness_seconds_bucket")
                .doesNotContain(thing);
        assertThat(metrics("group-service"))
                .contains("iotdm_group_backfills_groups", "iotdm_group_backfill_done_things")
                .contains("iotdm_outbox_backlog_rows");
        // consumer lag per topic, which the alert IotdmConsumerLag groups by: the Kafka clients' own metrics, bound
        // by Micrometer when a consumer starts; those of its partitions (topic, partition) once they are assigned,
        // at its next look for new client metrics (every minute)
        for (String consumer : List.of("indexing-service", "group-service")) {
            assertThat(await(
                            () -> metrics(consumer),
                            text -> LAG_OF_THINGS.matcher(text).find(),
                            Duration.ofMinutes(2)))
                    .as(consumer)
                    .containsPattern(LAG_OF_THINGS);
        }
        assertThat(metrics("provisioning-service")).contains("iotdm_outbox_backlog_rows");
        // the outbox relay makes its producer itself, not through SmallRye: the Kafka client's own send metrics too
        assertThat(metrics("registry-service"))
                .contains("kafka_producer_record_send_total{client_id=\"iotdm-outbox-relay\"");
    }

    @Test
    void everyMetricOfTheAlertsAndTheDashboardIsServed() throws IOException {
        String thing = "watched-" + UUID.randomUUID();
        iot.createThing(request -> request.thingName(thing));
        Path monitoring = Path.of(System.getProperty("iotdm.project.root"), "deploy", "base", "monitoring");
        Set<String> used = new TreeSet<>();
        for (String file : List.of("alerts.yaml", "iotdm-dashboard.json")) {
            Matcher names = METRIC_NAME.matcher(Files.readString(monitoring.resolve(file)));
            while (names.find()) {
                used.add(names.group());
            }
        }
        assertThat(used).contains("iotdm_outbox_oldest_age_seconds", "kafka_consumer_fetch_manager_records_lag_max");

        String served = await(
                () -> SERVICES.stream().map(ObservabilityEndToEndTest::metrics).collect(Collectors.joining()),
                text -> text.contains("iotdm_indexing_freshness_seconds_bucket"));
        assertThat(used).allSatisfy(name -> assertThat(served).as(name).contains(name));
    }

    private static Set<String> services(List<OtlpReceiver.ReceivedSpan> spans) {
        return spans.stream().map(OtlpReceiver.ReceivedSpan::service).collect(Collectors.toSet());
    }

    /** A service's {@code /q/metrics}, unsigned: scrapers carry no internal signature. */
    private static String metrics(String service) {
        URI uri = URI.create(Suite.addresses().get(StackAddresses.serviceUrl(service)) + "/q/metrics");
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response =
                    client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(uri.toString()).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new AssertionError(uri + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
