package io.iotdm.bench;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.bench.OperationPhases.Phase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The signer API against raw ECDSA P-256 signing in the same run: SignPayload of 1 KB payloads and StartSigningJob of a
 * 1 MB artifact in the S3 store through the api-gateway, each beside the JDK's {@code SHA256withECDSA} over the same
 * sizes on as many threads as there are requests in flight. The ratio says what the service adds (HTTP, PostgreSQL, the
 * store's read and write).
 */
@Command(
        name = "signing",
        mixinStandardHelpOptions = true,
        description = {
            "Signs --payloads 1 KB payloads and --artifacts 1 MB artifacts in-process (the raw baseline), then calls",
            "SignPayload and StartSigningJob as many times through the api-gateway, --concurrency in flight.",
            "Its profile, jobs and signed objects stay: run it on a throwaway stack."
        })
final class SigningThroughput implements Callable<Integer> {

    private static final JsonMapper JSON = new JsonMapper();
    private static final String BUCKET = "bench-signing";

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Mixin
    ObjectStoreOptions store;

    @Option(names = "--payloads", defaultValue = "5000", description = "SignPayload calls (${DEFAULT-VALUE})")
    int payloads;

    @Option(names = "--artifacts", defaultValue = "100", description = "StartSigningJob calls (${DEFAULT-VALUE})")
    int artifacts;

    @Option(names = "--warmup", defaultValue = "200", description = "SignPayload calls not measured (${DEFAULT-VALUE})")
    int warmup;

    @Option(
            names = "--concurrency",
            defaultValue = "8",
            description = "threads / requests in flight (${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--stack-file", description = "devstack's stack.properties (default: the data directory's)")
    Path stackFile;

    @Override
    public Integer call() throws Exception {
        if (payloads < 1 || artifacts < 1 || concurrency < 1 || warmup < 0) {
            System.err.println(
                    "bench: --payloads, --artifacts and --concurrency must be positive, --warmup not negative");
            return 2;
        }
        StackFile.read(stackFile != null ? stackFile : StackFile.defaultPath()).ifPresent(file -> {
            api.apply(file, spec);
            store.apply(file, spec);
        });
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        System.out.printf(
                Locale.ROOT,
                "signing: %s, %d payloads of 1 KB and %d artifacts of 1 MB at concurrency %d (run %s)%n",
                api.endpoint,
                payloads,
                artifacts,
                concurrency,
                run);
        byte[] payload = new byte[1024];
        byte[] artifact = new byte[1024 * 1024];
        Random random = new Random(18);
        random.nextBytes(payload);
        random.nextBytes(artifact);

        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = generator.generateKeyPair();
        Phase rawSmall = OperationPhases.baseline(
                "raw SHA256withECDSA 1 KB", warmup, payloads, concurrency, i -> sign(key, payload));
        // the 1 KB warmup compiled the signing code: the 1 MB baseline needs none
        Phase rawLarge = OperationPhases.baseline(
                "raw SHA256withECDSA 1 MB", 0, artifacts, concurrency, i -> sign(key, artifact));

        try (S3Client s3 = store.client(api.region);
                SignedHttp http = api.http("signer", SignedHttp.Client.vertx, 1, concurrency)) {
            try {
                s3.createBucket(b -> b.bucket(BUCKET));
            } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
                if (e.statusCode() != 409) {
                    throw e;
                }
            }
            s3.putObject(b -> b.bucket(BUCKET).key(run + ".bin"), RequestBody.fromBytes(artifact));
            String profile = "bench_" + run;
            ObjectNode put = JSON.createObjectNode().put("platformId", "AWSIoTDeviceManagement-SHA256-ECDSA");
            put.putObject("signingMaterial")
                    .put("certificateArn", "arn:aws:acm:" + api.region + ":123456789012:certificate/bench-" + run);
            SignedHttp.Result made = http.send("PUT", "/signing-profiles/" + profile, JSON.writeValueAsBytes(put))
                    .get();
            if (!made.ok()) {
                System.err.println("bench: PutSigningProfile failed (" + made.status() + " " + made.body()
                        + "); is the stack up at " + api.endpoint + "?");
                return 1;
            }

            byte[] signPayload = JSON.writeValueAsBytes(JSON.createObjectNode()
                    .put("profileName", profile)
                    .put("payloadFormat", "application/octet-stream")
                    .put("payload", Base64.getEncoder().encodeToString(payload)));
            OperationPhases.calls(http, warmup, concurrency, i -> payloadCall(signPayload));
            Phase small = OperationPhases.calls(http, payloads, concurrency, i -> payloadCall(signPayload));
            OperationPhases.print("SignPayload 1 KB via gateway", small);
            Phase large = OperationPhases.calls(http, artifacts, concurrency, i -> jobCall(profile, run, i));
            OperationPhases.print("StartSigningJob 1 MB via gateway", large);
            System.out.printf(
                    Locale.ROOT,
                    "ratio: SignPayload %.2f of the raw 1 KB rate; StartSigningJob %.2f of the raw 1 MB rate%n",
                    small.perSecond() / rawSmall.perSecond(),
                    large.perSecond() / rawLarge.perSecond());
            return small.errors() == 0 && large.errors() == 0 ? 0 : 1;
        }
    }

    private static OperationPhases.Call payloadCall(byte[] body) {
        return new OperationPhases.Call("POST", "/signing-jobs/with-payload", body);
    }

    private static OperationPhases.Call jobCall(String profile, String run, int i) {
        ObjectNode body = JSON.createObjectNode().put("profileName", profile).put("clientRequestToken", run + "-" + i);
        body.putObject("source")
                .putObject("s3")
                .put("bucketName", BUCKET)
                .put("key", run + ".bin")
                .put("version", "1");
        body.putObject("destination").putObject("s3").put("bucketName", BUCKET).put("prefix", "signed/");
        return new OperationPhases.Call("POST", "/signing-jobs", body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void sign(KeyPair key, byte[] bytes) {
        try {
            Signature signature = Signature.getInstance("SHA256withECDSA");
            signature.initSign(key.getPrivate());
            signature.update(bytes);
            signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
