package io.iotdm.bench;

import io.iotdm.bench.OperationPhases.Phase;
import io.iotdm.x509.DeviceKeyPair;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * CreateKeysAndCertificate through the api-gateway against its raw baseline in the same run: RSA-2048 key pairs made
 * with platform/x509's {@link DeviceKeyPair} on as many threads as there are requests in flight. Key generation is
 * the operation's main cost, so the ratio says what the service adds (issuance, PostgreSQL, outbox, HTTP).
 */
@Command(
        name = "keys-and-certificate",
        mixinStandardHelpOptions = true,
        description = {
            "Makes --keys RSA-2048 key pairs in-process on --concurrency threads (the raw baseline), then calls",
            "CreateKeysAndCertificate --count times through the api-gateway with --concurrency requests in flight.",
            "Every certificate it creates stays (INACTIVE): run it on a throwaway stack."
        })
final class KeysAndCertificates implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Option(names = "--count", defaultValue = "200", description = "CreateKeysAndCertificate calls (${DEFAULT-VALUE})")
    int count;

    @Option(names = "--keys", defaultValue = "200", description = "raw key pairs (${DEFAULT-VALUE})")
    int keys;

    @Option(names = "--warmup", defaultValue = "20", description = "of each, not measured (${DEFAULT-VALUE})")
    int warmup;

    @Option(
            names = "--concurrency",
            defaultValue = "2",
            description = "threads / requests in flight (${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--stack-file", description = "devstack's stack.properties (default: the data directory's)")
    Path stackFile;

    @Override
    public Integer call() throws Exception {
        if (count < 1 || keys < 1 || concurrency < 1 || warmup < 0) {
            System.err.println("bench: --count, --keys and --concurrency must be positive, --warmup not negative");
            return 2;
        }
        StackFile.read(stackFile != null ? stackFile : StackFile.defaultPath())
                .ifPresent(file -> api.apply(file, spec));
        System.out.printf(
                Locale.ROOT,
                "keys-and-certificate: %s, %d calls and %d raw keys (+%d warmup each) at concurrency %d%n",
                api.endpoint,
                count,
                keys,
                warmup,
                concurrency);

        Phase raw = OperationPhases.baseline(
                "raw DeviceKeyPair RSA-2048", warmup, keys, concurrency, i -> DeviceKeyPair.generateRsa2048());

        try (SignedHttp http = api.http(SignedHttp.Client.vertx, 1, concurrency)) {
            Phase warm = calls(http, warmup);
            if (warmup > 0 && warm.ok() == 0) {
                System.err.println("bench: every warmup call failed (" + warm.firstError() + "); is the stack up at "
                        + api.endpoint + "?");
                return 1;
            }
            Phase gateway = calls(http, count);
            OperationPhases.print("CreateKeysAndCertificate via gateway", gateway);
            System.out.printf(
                    Locale.ROOT,
                    "ratio: the gateway's rate is %.2f of the raw key rate%n",
                    gateway.perSecond() / raw.perSecond());
            return gateway.errors() == 0 ? 0 : 1;
        }
    }

    private Phase calls(SignedHttp http, int n) throws InterruptedException {
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        return OperationPhases.calls(
                http, n, concurrency, i -> new OperationPhases.Call("POST", "/keys-and-certificate", empty));
    }
}
