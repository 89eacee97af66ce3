package io.iotdm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A bulk registration task of {@code --lines} devices, each with a CSR of its own, through the api-gateway
 * (docs/aws-behaviour.md §6.9): the input written to the stack's S3 store, StartThingRegistrationTask, then
 * DescribeThingRegistrationTask every second until the task ends. The target is 100,000 lines in 3 minutes
 * (docs/benchmarks.md, "Bulk registration").
 */
@Command(
        name = "bulk-registration",
        mixinStandardHelpOptions = true,
        description = {
            "Uploads an input file of --lines devices (thing + certificate from a CSR each) to the stack's S3 store,",
            "starts a thing registration task through the api-gateway and follows it to its end.",
            "Every thing and certificate it registers stays: run it on a throwaway stack."
        })
final class BulkRegistration implements Callable<Integer> {

    private static final JsonMapper JSON = new JsonMapper();
    private static final String BODY =
            """
            {"Parameters": {"ThingName": {"Type": "String"}, "CSR": {"Type": "String"}},
             "Resources": {
               "thing": {"Type": "AWS::IoT::Thing", "Properties": {"ThingName": {"Ref": "ThingName"}}},
               "certificate": {"Type": "AWS::IoT::Certificate",
                 "Properties": {"CertificateSigningRequest": {"Ref": "CSR"}, "Status": "ACTIVE"}}}}""";

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Option(names = "--lines", defaultValue = "10000", description = "devices in the input file (${DEFAULT-VALUE})")
    int lines;

    @Mixin
    ObjectStoreOptions store;

    @Option(names = "--stack-file", description = "devstack's stack.properties (default: the data directory's)")
    Path stackFile;

    @Override
    public Integer call() throws Exception {
        if (lines < 1) {
            System.err.println("bench: --lines must be positive");
            return 2;
        }
        StackFile.read(stackFile != null ? stackFile : StackFile.defaultPath()).ifPresent(file -> {
            api.apply(file, spec);
            store.apply(file, spec);
        });
        String run = "bulk-" + UUID.randomUUID().toString().substring(0, 8);
        System.out.printf(Locale.ROOT, "bulk-registration: %s, %d lines (run %s)%n", api.endpoint, lines, run);

        long made = System.nanoTime();
        byte[] input = input(run);
        System.out.printf(
                Locale.ROOT,
                "input: %d lines, %.1f MB, made in %.1f s (not measured)%n",
                lines,
                input.length / 1e6,
                (System.nanoTime() - made) / 1e9);
        try (S3Client s3 = s3()) {
            try {
                s3.createBucket(b -> b.bucket("bench-registration"));
            } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
                if (e.statusCode() != 409) {
                    throw e;
                }
            }
            s3.putObject(b -> b.bucket("bench-registration").key(run + ".json"), RequestBody.fromBytes(input));
        }

        try (SignedHttp http = api.http(SignedHttp.Client.jdk, 1, 2)) {
            String start = JSON.createObjectNode()
                    .put("templateBody", BODY)
                    .put("inputFileBucket", "bench-registration")
                    .put("inputFileKey", run + ".json")
                    .put("roleArn", "arn:aws:iam::123456789012:role/BulkRegistration")
                    .toString();
            long started = System.nanoTime();
            SignedHttp.Result answer = http.send(
                            "POST", "/thing-registration-tasks", start.getBytes(StandardCharsets.UTF_8))
                    .get();
            if (!answer.ok()) {
                System.err.println(
                        "bench: StartThingRegistrationTask answered " + answer.status() + " " + answer.body());
                return 1;
            }
            String taskId = JSON.readTree(answer.body()).path("taskId").asText();
            JsonNode task;
            do {
                Thread.sleep(1000);
                SignedHttp.Result described = http.send("GET", "/thing-registration-tasks/" + taskId, new byte[0])
                        .get();
                task = JSON.readTree(described.body());
                double seconds = (System.nanoTime() - started) / 1e9;
                int done = task.path("successCount").asInt()
                        + task.path("failureCount").asInt();
                System.out.printf(
                        Locale.ROOT,
                        "%6.1f s  %-10s %3d%%  %d ok, %d failed  (%.0f lines/s)%n",
                        seconds,
                        task.path("status").asText(),
                        task.path("percentageProgress").asInt(),
                        task.path("successCount").asInt(),
                        task.path("failureCount").asInt(),
                        done / seconds);
            } while (task.path("status").asText().equals("InProgress"));
            double seconds = (System.nanoTime() - started) / 1e9;
            int done = task.path("successCount").asInt()
                    + task.path("failureCount").asInt();
            double rate = done / seconds;
            System.out.printf(
                    Locale.ROOT,
                    "task %s %s: %d lines in %.1f s = %.1f lines/s; at this rate 100,000 lines take %.0f s (target 180 s)%n",
                    taskId,
                    task.path("status").asText(),
                    done,
                    seconds,
                    rate,
                    100_000 / rate);
            return task.path("status").asText().equals("Completed")
                            && task.path("failureCount").asInt() == 0
                    ? 0
                    : 1;
        }
    }

    /** One line per device: its thing name and a CSR of one EC P-256 key (the service's cost is per CSR, not key). */
    private byte[] input(String run) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = generator.generateKeyPair();
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate());
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            String thing = run + "-" + i;
            StringWriter pem = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
                writer.writeObject(
                        new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=" + thing), key.getPublic())
                                .build(signer));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            file.append(JSON.createObjectNode()
                            .put("ThingName", thing)
                            .put("CSR", pem.toString())
                            .toString())
                    .append('\n');
        }
        return file.toString().getBytes(StandardCharsets.UTF_8);
    }

    private S3Client s3() {
        return store.client(api.region);
    }
}
