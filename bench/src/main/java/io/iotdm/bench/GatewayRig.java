package io.iotdm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdm.simulator.ControlPlane;
import io.iotdm.simulator.DeviceCredentials;
import io.iotdm.simulator.GatewayTls;
import io.iotdm.simulator.KeysProvisioning;
import io.iotdm.simulator.StackEndpoints;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;

/**
 * What the device-gateway scenarios share: the running stack's endpoints, its control plane, and devices of the
 * simulator ({@code io.iotdm.simulator}) provisioned through CreateKeysAndCertificate, so that bench measures the very
 * devices {@code ./iotdm simulate} runs.
 */
final class GatewayRig implements AutoCloseable {

    final StackFile file;
    final StackEndpoints stack;
    final ControlPlane api;
    final GatewayTls tls;

    private GatewayRig(StackFile file, int nettyThreads) {
        this.file = file;
        this.stack = StackEndpoints.of(
                key -> file.get(key).orElseThrow(() -> new IllegalStateException(file.path() + " has no " + key)));
        this.api = new ControlPlane(stack);
        this.tls = new GatewayTls(stack, nettyThreads);
    }

    static GatewayRig open(Path stackFile, int nettyThreads) {
        Path path = stackFile != null ? stackFile : StackFile.defaultPath();
        return new GatewayRig(
                StackFile.read(path).orElseThrow(() -> new IllegalStateException("no " + path + ": is the stack up?")),
                nettyThreads);
    }

    /** {@code count} devices named {@code <prefix>-<n>}, provisioned with {@code concurrency} under way at a time. */
    List<DeviceCredentials> devices(String prefix, int count, int concurrency) {
        KeysProvisioning keys = KeysProvisioning.prepare(api);
        return inFlight(count, concurrency, i -> keys.provision(String.format(Locale.ROOT, "%s-%05d", prefix, i)));
    }

    /** A certificate's ARN (DescribeCertificate), for AttachPolicy. */
    String certificateArn(DeviceCredentials device) {
        JsonNode described = api.send("GET", "/certificates/" + device.certificateId(), null, java.util.Map.of())
                .join();
        return described.path("certificateDescription").path("certificateArn").asText();
    }

    /** Runs {@code count} tasks with at most {@code concurrency} incomplete at a time; their results in order. */
    static <T> List<T> inFlight(int count, int concurrency, IntFunction<CompletableFuture<T>> task) {
        Semaphore slots = new Semaphore(concurrency);
        List<CompletableFuture<T>> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            slots.acquireUninterruptibly();
            all.add(task.apply(i).whenComplete((result, failure) -> slots.release()));
        }
        return Collections.unmodifiableList(
                IntStream.range(0, count).mapToObj(i -> all.get(i).join()).toList());
    }

    static Histogram micros() {
        return new Histogram(60_000_000L, 3);
    }

    static String ms(long micros) {
        return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }

    static String describe(Percentiles p) {
        return String.format(
                Locale.ROOT,
                "n=%d p50 %s p99 %s max %s",
                p.count(),
                ms(p.p50Micros()),
                ms(p.p99Micros()),
                ms(p.maxMicros()));
    }

    @Override
    public void close() {
        api.close();
    }
}
