package io.iotdm.bench;

import io.iotdm.simulator.Device;
import io.iotdm.simulator.DeviceCredentials;
import io.iotdm.simulator.FleetCounters;
import io.iotdm.simulator.JobHandler;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The device gateway's heap per live session: N simulator devices connected and subscribed (their shadow's and jobs'
 * five filters), the gateway's heap after a full GC ({@code jcmd <pid> GC.run}, then {@code jvm_memory_used_bytes} of
 * its /q/metrics) before and after. The raw baseline in the same run is the other end of the same sessions: this
 * JVM's heap per HiveMQ client session, measured the same way.
 */
@Command(
        name = "mqtt-sessions",
        mixinStandardHelpOptions = true,
        description = "Heap per MQTT session in the device gateway, against the client side's heap per session.")
final class MqttSessions implements Callable<Integer> {

    @Option(names = "--devices", defaultValue = "1000", description = "sessions (${DEFAULT-VALUE})")
    int devices;

    @Option(
            names = "--concurrency",
            defaultValue = "32",
            description = "provisioned / connecting at a time (${DEFAULT-VALUE})")
    int concurrency;

    @Mixin
    GatewayOptions gateway;

    @Override
    public Integer call() throws Exception {
        try (GatewayRig rig = gateway.open()) {
            URI metrics = URI.create(rig.file.get("service.device-gateway.url").orElseThrow() + "/q/metrics");
            long pid = gatewayPid(rig.file.path());
            List<DeviceCredentials> fleet =
                    rig.devices("bench-sessions-" + System.currentTimeMillis(), devices, concurrency);
            FleetCounters counters = new FleetCounters();
            // one session connected and closed first, so that neither side counts its first connection's classes
            Device first = new Device(rig.tls, fleet.getFirst(), JobHandler.ACKNOWLEDGE, counters);
            first.start().thenCompose(started -> first.disconnect()).join();

            long gatewayBefore = gatewayHeap(pid, metrics);
            long ownBefore = ownHeap();
            List<Device> sessions = fleet.stream()
                    .map(d -> new Device(rig.tls, d, JobHandler.ACKNOWLEDGE, counters))
                    .toList();
            GatewayRig.inFlight(
                    sessions.size(), concurrency, i -> sessions.get(i).start());
            Thread.sleep(2_000); // the gateway's presence events and identity lookups settle
            long gatewayAfter = gatewayHeap(pid, metrics);
            long ownAfter = ownHeap();
            System.out.printf(
                    Locale.ROOT,
                    "mqtt-sessions: %d sessions connected (%d errors%s)%n",
                    counters.connected(),
                    counters.errors(),
                    counters.errors() == 0 ? "" : ": " + counters.lastError());
            double gatewayPerSession = (gatewayAfter - gatewayBefore) / (double) counters.connected();
            double clientPerSession = (ownAfter - ownBefore) / (double) counters.connected();
            System.out.printf(
                    Locale.ROOT,
                    "  device gateway heap %.1f -> %.1f MB: %.1f KB per session%n",
                    gatewayBefore / 1e6,
                    gatewayAfter / 1e6,
                    gatewayPerSession / 1024);
            System.out.printf(
                    Locale.ROOT,
                    "  raw: the clients' heap %.1f -> %.1f MB: %.1f KB per session%n",
                    ownBefore / 1e6,
                    ownAfter / 1e6,
                    clientPerSession / 1024);
            System.out.printf(
                    Locale.ROOT, "  ratio gateway/client per session: %.2f%n", gatewayPerSession / clientPerSession);
            GatewayRig.inFlight(sessions.size(), 64, i -> sessions.get(i).disconnect());
        }
        return 0;
    }

    /** The device gateway's JVM: the child of this stack's devstack ({@code devstack.pid} beside stack.properties). */
    private static long gatewayPid(Path stackFile) throws IOException {
        long devstack = Long.parseLong(
                Files.readString(stackFile.resolveSibling("devstack.pid")).trim());
        return ProcessHandle.of(devstack)
                .orElseThrow(() -> new IllegalStateException("devstack (pid " + devstack + ") is not running"))
                .descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("device-gateway"))
                .mapToLong(ProcessHandle::pid)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("devstack " + devstack + " runs no device-gateway"));
    }

    /** Full GC in the gateway, then its heap in use. */
    private static long gatewayHeap(long pid, URI metrics) throws IOException, InterruptedException {
        Process gc = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(pid),
                        "GC.run")
                .redirectErrorStream(true)
                .start();
        String output = new String(gc.getInputStream().readAllBytes());
        if (gc.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + pid + " GC.run: " + output);
        }
        long used = 0;
        for (String line : metricLines(metrics)) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                used += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return used;
    }

    private static List<String> metricLines(URI metrics) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
                    .body()
                    .lines()
                    .toList();
        }
    }

    private static long ownHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
