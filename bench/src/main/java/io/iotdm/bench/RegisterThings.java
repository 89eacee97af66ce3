package io.iotdm.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.bench.OperationPhases.Call;
import io.iotdm.bench.OperationPhases.Phase;
import io.iotdm.x509.IssuingCa;
import io.iotdm.x509.Pem;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * RegisterThing through the api-gateway against its raw baseline in the same run: each device's EC P-256 CSR signed by
 * a CA of the service's key algorithm with platform/x509 (Bouncy Castle), the one cryptographic cost of a registration.
 * The registrations use one template: a thing in a group, a certificate for the CSR, a policy by document.
 */
@Command(
        name = "register-thing",
        mixinStandardHelpOptions = true,
        description = {
            "Makes an EC P-256 CSR per device (not measured), signs --count of them in-process with a CA of",
            "--ca-key (the raw baseline), then calls RegisterThing --count times through the api-gateway with",
            "--concurrency requests in flight. Every thing, certificate and group it creates stays: run it on a",
            "throwaway stack."
        })
final class RegisterThings implements Callable<Integer> {

    private static final String TEMPLATE =
            """
            {"Parameters": {"ThingName": {"Type": "String"}, "CSR": {"Type": "String"}, "Group": {"Type": "String"}},
             "Resources": {
               "thing": {"Type": "AWS::IoT::Thing", "Properties": {"ThingName": {"Ref": "ThingName"},
                         "AttributePayload": {"bench": "register-thing"}, "ThingGroups": [{"Ref": "Group"}]}},
               "certificate": {"Type": "AWS::IoT::Certificate",
                               "Properties": {"CertificateSigningRequest": {"Ref": "CSR"}, "Status": "ACTIVE"}},
               "policy": {"Type": "AWS::IoT::Policy", "Properties": {"PolicyDocument":
                 "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"iot:Connect\\",\\"Resource\\":\\"*\\"}]}"}}}}
            """;

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Option(names = "--count", defaultValue = "500", description = "RegisterThing calls (${DEFAULT-VALUE})")
    int count;

    @Option(names = "--warmup", defaultValue = "50", description = "of each, not measured (${DEFAULT-VALUE})")
    int warmup;

    @Option(
            names = "--concurrency",
            defaultValue = "16",
            description = "requests in flight, and threads of the raw baseline (${DEFAULT-VALUE})")
    int concurrency;

    @Option(
            names = "--ca-key",
            defaultValue = "RSA_2048",
            description = "the key of the raw baseline's CA: the service's iotdm.provisioning.ca-key-algorithm"
                    + " (${DEFAULT-VALUE})")
    IssuingCa.KeyAlgorithm caKey;

    @Option(names = "--stack-file", description = "devstack's stack.properties (default: the data directory's)")
    Path stackFile;

    @Override
    public Integer call() throws Exception {
        if (count < 1 || concurrency < 1 || warmup < 0) {
            System.err.println("bench: --count and --concurrency must be positive, --warmup not negative");
            return 2;
        }
        StackFile.read(stackFile != null ? stackFile : StackFile.defaultPath())
                .ifPresent(file -> api.apply(file, spec));
        String run = "bench-rt-" + UUID.randomUUID().toString().substring(0, 8);
        System.out.printf(
                Locale.ROOT,
                "register-thing: %s, %d calls (+%d warmup) at concurrency %d, raw CA %s, run %s%n",
                api.endpoint,
                count,
                warmup,
                concurrency,
                caKey,
                run);
        List<String> csrs = csrs(warmup + count, run);

        IssuingCa ca = IssuingCa.create(new X500Principal("CN=bench CA"), caKey, Instant.now());
        OperationPhases.raw(warmup, concurrency, i -> sign(ca, csrs.get(i)));
        Phase raw = OperationPhases.raw(count, concurrency, i -> sign(ca, csrs.get(warmup + i)));
        OperationPhases.print("raw CSR signing (" + caKey + " CA, Bouncy Castle)", raw);

        try (SignedHttp http = api.http(SignedHttp.Client.vertx, 1, concurrency)) {
            String group = run + "-group";
            var created = http.send("POST", "/thing-groups/" + group, "{}".getBytes(StandardCharsets.UTF_8))
                    .join();
            if (!created.ok()) {
                System.err.println("bench: CreateThingGroup failed (" + created.status() + " " + created.body()
                        + "); is the stack up at " + api.endpoint + "?");
                return 1;
            }
            Phase warm = OperationPhases.calls(http, warmup, concurrency, i -> register(run, i, csrs.get(i), group));
            if (warmup > 0 && warm.ok() == 0) {
                System.err.println("bench: every warmup call failed (" + warm.firstError() + ")");
                return 1;
            }
            Phase gateway = OperationPhases.calls(
                    http, count, concurrency, i -> register(run, warmup + i, csrs.get(warmup + i), group));
            OperationPhases.print("RegisterThing via gateway", gateway);
            System.out.printf(
                    Locale.ROOT,
                    "ratio: the gateway's rate is %.2f of the raw signing rate%n",
                    gateway.perSecond() / raw.perSecond());
            return gateway.errors() == 0 ? 0 : 1;
        }
    }

    private static Call register(String run, int i, String csr, String group) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("templateBody", TEMPLATE);
        body.putObject("parameters")
                .put("ThingName", run + "-" + i)
                .put("CSR", csr)
                .put("Group", group);
        return new Call("POST", "/things", body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void sign(IssuingCa ca, String csr) {
        ca.issue(Pem.certificateSigningRequest("csr", csr), Instant.now());
    }

    /** One EC P-256 CSR per device, as devices make them (before the clock starts). */
    private static List<String> csrs(int n, String run) throws GeneralSecurityException, IOException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        List<String> csrs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            KeyPair keys = generator.generateKeyPair();
            try {
                StringWriter pem = new StringWriter();
                try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
                    writer.writeObject(new JcaPKCS10CertificationRequestBuilder(
                                    new X500Principal("CN=" + run + "-" + i), keys.getPublic())
                            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
                }
                csrs.add(pem.toString());
            } catch (OperatorCreationException e) {
                throw new GeneralSecurityException(e);
            }
        }
        return csrs;
    }
}
