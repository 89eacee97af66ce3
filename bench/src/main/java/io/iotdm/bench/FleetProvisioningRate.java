package io.iotdm.bench;

import io.iotdm.simulator.ClaimProvisioning;
import io.iotdm.simulator.KeysProvisioning;
import io.iotdm.simulator.Provisioning;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Fleet provisioning by claim over MQTT (docs/aws-behaviour.md §6.10), devices/s, as the simulator does it (connect
 * with the claim, create/json, provision/json, disconnect), against the raw baseline in the same run: the same number
 * of devices provisioned through the HTTP API (CreateKeysAndCertificate, CreateThing, AttachPolicy,
 * AttachThingPrincipal), which makes the same RSA-2048 key pair, certificate, thing and attachments.
 */
@Command(
        name = "fleet-provisioning",
        mixinStandardHelpOptions = true,
        description = "Devices/s provisioned by claim over MQTT, against the same devices through the HTTP API.")
final class FleetProvisioningRate implements Callable<Integer> {

    @Option(names = "--devices", defaultValue = "200", description = "per phase (${DEFAULT-VALUE})")
    int devices;

    @Option(names = "--concurrency", defaultValue = "16", description = "devices under way (${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--template", defaultValue = "iotdm-bench-fleet", description = "(${DEFAULT-VALUE})")
    String template;

    @Mixin
    GatewayOptions gateway;

    @Override
    public Integer call() {
        try (GatewayRig rig = gateway.open()) {
            String prefix = "bench-fleet-" + System.currentTimeMillis();
            Provisioning keys = KeysProvisioning.prepare(rig.api);
            Provisioning claim = ClaimProvisioning.prepare(rig.api, rig.tls, template);
            run(keys, prefix + "-warm-keys", Math.min(20, devices));
            run(claim, prefix + "-warm-claim", Math.min(20, devices));
            String raw = run(keys, prefix + "-keys", devices);
            String fleet = run(claim, prefix + "-claim", devices);
            System.out.printf(
                    Locale.ROOT, "fleet-provisioning: %d devices per phase, concurrency %d%n", devices, concurrency);
            System.out.println("  raw (HTTP API, 4 calls a device): " + raw);
            System.out.println("  by claim over MQTT: " + fleet);
        }
        return 0;
    }

    private String run(Provisioning provisioning, String prefix, int count) {
        AtomicLong failures = new AtomicLong();
        StringBuffer first = new StringBuffer();
        long start = System.nanoTime();
        GatewayRig.inFlight(count, concurrency, i -> provisioning
                .provision(String.format(Locale.ROOT, "%s-%05d", prefix, i))
                .handle((credentials, failure) -> {
                    if (failure != null && failures.getAndIncrement() == 0) {
                        first.append(failure);
                    }
                    return null;
                }));
        double seconds = (System.nanoTime() - start) / 1e9;
        return String.format(
                Locale.ROOT,
                "%.1f devices/s (%d in %.1f s), failures %d%s",
                (count - failures.get()) / seconds,
                count - failures.get(),
                seconds,
                failures.get(),
                failures.get() == 0 ? "" : " (" + first + ")");
    }
}
