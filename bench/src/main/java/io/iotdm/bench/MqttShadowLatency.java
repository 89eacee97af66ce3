package io.iotdm.bench;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.iotdm.simulator.Device;
import io.iotdm.simulator.DeviceCredentials;
import io.iotdm.simulator.FleetCounters;
import io.iotdm.simulator.JobHandler;
import io.iotdm.simulator.MqttCalls;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Shadow updates over MQTT at a fixed rate: publish on {@code $aws/things/{thing}/shadow/update} to its
 * {@code update/accepted} (the device gateway, Kafka, the registry's shadow, the outbox, Kafka, the gateway), against
 * the raw baseline in the same run: the same devices' publishes on a topic of their own that the broker delivers back
 * to them ({@code bench/<clientId>/echo}), the gateway's MQTT round trip without the services.
 */
@Command(
        name = "mqtt-shadow",
        mixinStandardHelpOptions = true,
        description = "Shadow update publish -> update/accepted p50/p99 at --rate, against a raw MQTT round trip.")
final class MqttShadowLatency implements Callable<Integer> {

    private static final JsonMapper JSON = new JsonMapper();
    private static final String LOOPBACK_POLICY = "iotdm-bench-loopback";
    private static final String LOOPBACK_DOCUMENT =
            """
            {"Version":"2012-10-17","Statement":[
             {"Effect":"Allow","Action":["iot:Publish","iot:Receive"],"Resource":"arn:aws:iot:*:*:topic/bench/${iot:ClientId}/*"},
             {"Effect":"Allow","Action":"iot:Subscribe","Resource":"arn:aws:iot:*:*:topicfilter/bench/${iot:ClientId}/*"}]}""";

    @Option(names = "--devices", defaultValue = "100", description = "devices sharing the rate (${DEFAULT-VALUE})")
    int devices;

    @Option(names = "--rate", defaultValue = "2000", description = "updates per second, all devices (${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--seconds", defaultValue = "20", description = "measured, per phase (${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--warmup-seconds", defaultValue = "5", description = "not measured, per phase (${DEFAULT-VALUE})")
    int warmupSeconds;

    @Mixin
    GatewayOptions gateway;

    @Override
    public Integer call() throws Exception {
        try (GatewayRig rig = gateway.open()) {
            List<DeviceCredentials> fleet = rig.devices("bench-shadow-" + System.currentTimeMillis(), devices, 16);
            rig.api.ensurePolicy(LOOPBACK_POLICY, LOOPBACK_DOCUMENT).join();
            GatewayRig.inFlight(
                    fleet.size(), 16, i -> rig.api.attachPolicy(LOOPBACK_POLICY, rig.certificateArn(fleet.get(i))));
            System.out.printf(
                    Locale.ROOT,
                    "mqtt-shadow: %d devices, %d/s, %d s (+%d s warm-up) per phase%n",
                    devices,
                    rate,
                    seconds,
                    warmupSeconds);

            Phase raw = loopback(rig, fleet);
            System.out.println("  raw MQTT round trip (publish -> own subscription): " + raw);
            FleetCounters counters = new FleetCounters();
            List<Device> shadowDevices = fleet.stream()
                    .map(d -> new Device(rig.tls, d, JobHandler.ACKNOWLEDGE, counters))
                    .toList();
            GatewayRig.inFlight(
                    shadowDevices.size(), 16, i -> shadowDevices.get(i).start());
            AtomicLong sequence = new AtomicLong();
            Phase shadow = paced(i -> {
                Device device = shadowDevices.get(i % shadowDevices.size());
                return device.reportShadow(JSON.createObjectNode().put("sequence", sequence.incrementAndGet()))
                        .thenAccept(answer -> {
                            if (!answer.accepted()) {
                                throw new IllegalStateException("rejected: " + answer.payload());
                            }
                        });
            });
            GatewayRig.inFlight(
                    shadowDevices.size(), 64, i -> shadowDevices.get(i).disconnect());
            System.out.println("  shadow update -> update/accepted: " + shadow);
            System.out.printf(
                    Locale.ROOT,
                    "  ratio shadow/raw: p50 %.1f, p99 %.1f%n",
                    (double) shadow.latency().p50Micros() / raw.latency().p50Micros(),
                    (double) shadow.latency().p99Micros() / raw.latency().p99Micros());
        }
        return 0;
    }

    record Phase(Percentiles latency, double achievedPerSecond, long failures, String firstFailure) {
        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%s at %.0f/s answered, failures %d%s",
                    GatewayRig.describe(latency),
                    achievedPerSecond,
                    failures,
                    failures == 0 ? "" : " (" + firstFailure + ")");
        }
    }

    /** The baseline: every device subscribes to its own echo topic and publishes there at the same rate. */
    private Phase loopback(GatewayRig rig, List<DeviceCredentials> fleet) throws InterruptedException {
        List<Mqtt5AsyncClient> clients = fleet.stream().map(rig.tls::client).toList();
        java.util.Map<Long, CompletableFuture<Void>> pending = new java.util.concurrent.ConcurrentHashMap<>();
        for (Mqtt5AsyncClient client : clients) {
            client.publishes(MqttGlobalPublishFilter.SUBSCRIBED, publish -> {
                CompletableFuture<Void> answer = pending.remove(
                        publish.getPayloadAsBytes().length >= 8
                                ? ByteBuffer.wrap(publish.getPayloadAsBytes()).getLong()
                                : -1L);
                if (answer != null) {
                    answer.complete(null);
                }
            });
        }
        GatewayRig.inFlight(clients.size(), 16, i -> clients.get(i)
                .connect()
                .thenCompose(ack -> MqttCalls.subscribe(clients.get(i), List.of(echo(fleet.get(i))))));
        AtomicLong ids = new AtomicLong();
        Phase phase = paced(i -> {
            int device = i % clients.size();
            long id = ids.incrementAndGet();
            CompletableFuture<Void> answer = new CompletableFuture<>();
            pending.put(id, answer);
            clients.get(device)
                    .publishWith()
                    .topic(echo(fleet.get(device)))
                    .qos(com.hivemq.client.mqtt.datatypes.MqttQos.AT_LEAST_ONCE)
                    .payload(ByteBuffer.allocate(8).putLong(0, id))
                    .send();
            return answer.orTimeout(30, TimeUnit.SECONDS).whenComplete((done, failure) -> pending.remove(id));
        });
        GatewayRig.inFlight(clients.size(), 64, i -> clients.get(i).disconnect());
        return phase;
    }

    private static String echo(DeviceCredentials device) {
        return "bench/" + device.clientId() + "/echo";
    }

    /**
     * Starts {@code rate} operations a second (in ticks of 5 ms) for the warm-up and then the measured seconds; the
     * latency of each runs from its start, so a backlog shows as latency rather than as a lower rate.
     */
    private Phase paced(IntFunction<CompletableFuture<Void>> operation) throws InterruptedException {
        Histogram histogram = GatewayRig.micros();
        AtomicLong failures = new AtomicLong();
        StringBuffer firstFailure = new StringBuffer();
        AtomicLong started = new AtomicLong();
        long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
        long tickMillis = 5;
        double perTick = rate * tickMillis / 1000.0;
        java.util.Queue<CompletableFuture<Void>> inFlight = new java.util.concurrent.ConcurrentLinkedQueue<>();
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        double[] owed = {0};
        clock.scheduleAtFixedRate(
                () -> {
                    long now = System.nanoTime();
                    if (now >= end) {
                        return;
                    }
                    boolean measured = now >= warmupEnd;
                    owed[0] += perTick;
                    while (owed[0] >= 1) {
                        owed[0] -= 1;
                        long begin = System.nanoTime();
                        CompletableFuture<Void> op = operation.apply((int) started.getAndIncrement());
                        CompletableFuture<Void> counted = op.whenComplete((done, failure) -> {
                            if (failure != null) {
                                if (failures.getAndIncrement() == 0) {
                                    firstFailure.append(failure);
                                }
                            } else if (measured) {
                                synchronized (histogram) {
                                    histogram.recordValue(Math.min(
                                            histogram.getHighestTrackableValue(), (System.nanoTime() - begin) / 1_000));
                                }
                            }
                        });
                        if (measured) {
                            inFlight.add(counted);
                        }
                    }
                },
                0,
                tickMillis,
                TimeUnit.MILLISECONDS);
        TimeUnit.NANOSECONDS.sleep(end - System.nanoTime());
        clock.shutdown();
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
                .handle((d, f) -> null)
                .join();
        return new Phase(
                Percentiles.of(histogram),
                histogram.getTotalCount() / (double) seconds,
                failures.get(),
                firstFailure.toString());
    }
}
