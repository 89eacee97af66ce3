package io.iotdm.x509;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * What each step costs, for the README's "Cost" (not a test: timings are never asserted). Run with the test class
 * path, e.g. {@code java -cp target/classes:target/test-classes:<deps> io.iotdm.x509.X509Cost}.
 */
public final class X509Cost {

    private X509Cost() {}

    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        System.out.println(
                "cores " + Runtime.getRuntime().availableProcessors() + ", " + System.getProperty("java.version"));
        report("RSA-2048 key pair, JDK (DeviceKeyPair)", keys, i -> DeviceKeyPair.generateRsa2048());
        BouncyCastleProvider bc = new BouncyCastleProvider();
        SecureRandom random = new SecureRandom();
        report("RSA-2048 key pair, Bouncy Castle provider", keys, i -> {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", bc);
                generator.initialize(2048, random);
                generator.generateKeyPair();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        parallel("RSA-2048 key pairs on 2 threads", keys);

        Instant now = Instant.now();
        String csrPem = TestPki.csr("CN=lamp-1", TestPki.p256());
        report("CSR (P-256) parsed and its signature checked", 500, i -> Pem.certificateSigningRequest("csr", csrPem));
        CertificateSigningRequest csr = Pem.certificateSigningRequest("csr", csrPem);
        for (IssuingCa.KeyAlgorithm algorithm : IssuingCa.KeyAlgorithm.values()) {
            IssuingCa ca = IssuingCa.create(new X500Principal("CN=cost"), algorithm, now);
            report("certificate issued by a " + algorithm + " CA", 500, i -> ca.issue(csr, now));
            // With Signature directly: the JDK caches parsed certificates and the outcome of their verify().
            X509Certificate issued = ca.issue(csr, now).x509();
            PublicKey caKey = ca.certificate().x509().getPublicKey();
            report("signature of a " + algorithm + " CA verified", 500, i -> {
                try {
                    Signature verifier = Signature.getInstance(issued.getSigAlgName());
                    verifier.initVerify(caKey);
                    verifier.update(issued.getTBSCertificate());
                    if (!verifier.verify(issued.getSignature())) {
                        throw new IllegalStateException("the CA's signature does not verify");
                    }
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        String certificatePem = IssuingCa.create(new X500Principal("CN=cost"), IssuingCa.KeyAlgorithm.EC_P256, now)
                .issue(csr, now)
                .pem();
        report(
                "certificate PEM parsed and its id computed",
                500,
                i -> Pem.certificate("certificatePem", certificatePem));
        char[] secret = "a configured secret of some length".toCharArray();
        String sealed = SealedKey.seal(TestPki.p256().getPrivate(), secret);
        report("sealed key opened (PBKDF2 600,000 iterations)", 3, i -> SealedKey.open(sealed, secret));
    }

    private static void report(String what, int count, IntConsumer step) {
        for (int i = 0; i < Math.min(count, 20); i++) {
            step.accept(i); // warm-up
        }
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            step.accept(i);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf(
                "%-50s n=%4d mean %9.3f ms  p50 %9.3f ms  p90 %9.3f ms  max %9.3f ms%n",
                what,
                count,
                Arrays.stream(nanos).average().orElse(0) / 1e6,
                nanos[count / 2] / 1e6,
                nanos[count * 9 / 10] / 1e6,
                nanos[count - 1] / 1e6);
    }

    private static void parallel(String what, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            long start = System.nanoTime();
            Future<?>[] futures = new Future<?>[count];
            for (int i = 0; i < count; i++) {
                futures[i] = pool.submit(DeviceKeyPair::generateRsa2048);
            }
            for (Future<?> future : futures) {
                future.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%-50s n=%4d %.1f keys/s%n", what, count, count / seconds);
        } finally {
            pool.shutdown();
        }
    }
}
