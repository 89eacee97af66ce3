package io.iotdm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iotdm.simulator.ControlPlane;
import io.iotdm.simulator.Device;
import io.iotdm.simulator.DeviceCredentials;
import io.iotdm.simulator.FleetCounters;
import io.iotdm.simulator.JobHandler;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Presence in the fleet index: from a device's CONNACK until SearchIndex finds it {@code connectivity.connected:true}
 * (the gateway's presence event, Kafka, the indexing-service, OpenSearch), against the raw baseline in the same run:
 * from an UpdateThing's answer until SearchIndex finds the new attribute (the registry's event, the same indexing
 * path). Both polled every {@code --poll-ms}, which bounds the resolution.
 */
@Command(
        name = "mqtt-presence",
        mixinStandardHelpOptions = true,
        description =
                "CONNACK -> connectivity.connected visible in SearchIndex, against UpdateThing -> attribute visible.")
final class MqttPresence implements Callable<Integer> {

    private static final JsonMapper JSON = new JsonMapper();

    @Option(names = "--devices", defaultValue = "50", description = "devices, one at a time (${DEFAULT-VALUE})")
    int devices;

    @Option(names = "--poll-ms", defaultValue = "20", description = "between two searches (${DEFAULT-VALUE})")
    int pollMillis;

    @Mixin
    GatewayOptions gateway;

    @Override
    public Integer call() throws Exception {
        try (GatewayRig rig = gateway.open()) {
            List<DeviceCredentials> fleet = rig.devices("bench-presence-" + System.currentTimeMillis(), devices, 16);
            Histogram presence = GatewayRig.micros();
            Histogram attribute = GatewayRig.micros();
            FleetCounters counters = new FleetCounters();
            long missed = 0;
            for (int i = 0; i < fleet.size(); i++) {
                String thing = fleet.get(i).clientId();
                String value = "v" + i;
                JsonNode update =
                        JSON.readTree("{\"attributePayload\":{\"attributes\":{\"bench\":\"" + value + "\"}}}");
                rig.api.send("PATCH", "/things/" + thing, update, Map.of()).join();
                long written = System.nanoTime();
                missed += visible(rig.api, "thingName:" + thing + " AND attributes.bench:" + value, written, attribute);

                Device device = new Device(rig.tls, fleet.get(i), JobHandler.ACKNOWLEDGE, counters);
                device.connect().join();
                long connected = System.nanoTime();
                missed += visible(
                        rig.api, "thingName:" + thing + " AND connectivity.connected:true", connected, presence);
                device.disconnect().join();
            }
            Percentiles raw = Percentiles.of(attribute);
            Percentiles gateway = Percentiles.of(presence);
            System.out.printf(
                    Locale.ROOT,
                    "mqtt-presence: %d devices, poll every %d ms, %d never visible within 30 s%n",
                    devices,
                    pollMillis,
                    missed);
            System.out.println("  raw (UpdateThing -> attribute in SearchIndex): " + GatewayRig.describe(raw));
            System.out.println(
                    "  presence (CONNACK -> connectivity.connected in SearchIndex): " + GatewayRig.describe(gateway));
            System.out.printf(
                    Locale.ROOT,
                    "  ratio presence/raw: p50 %.2f, p99 %.2f%n",
                    (double) gateway.p50Micros() / raw.p50Micros(),
                    (double) gateway.p99Micros() / raw.p99Micros());
        }
        return 0;
    }

    /** Searches until the query finds one thing; records the time since {@code since}; 1 if it never does (30 s). */
    private int visible(ControlPlane api, String query, long since, Histogram histogram) throws InterruptedException {
        long deadline = since + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode found = api.searchIndex(query).join();
            if (found.path("things").size() > 0) {
                histogram.recordValue((System.nanoTime() - since) / 1_000);
                return 0;
            }
            Thread.sleep(pollMillis);
        }
        return 1;
    }
}
