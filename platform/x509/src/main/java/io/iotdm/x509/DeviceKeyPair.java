package io.iotdm.x509;

import java.io.IOException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/**
 * The key pair of CreateKeysAndCertificate: RSA-2048, as AWS generates it (docs/aws-behaviour.md §6.1), answered as
 * {@code keyPair{PublicKey, PrivateKey}} in AWS's PEM forms. Generating one is the dearest step of the operation
 * (a search for two 1024-bit primes): a median of 57–74 ms of one core on the 2-core machine at a load average of
 * 6–8, several times that under heavy load, varying widely from key to key ({@code X509Cost}; README, "Cost"), so
 * callers run it on a worker pool and never on an event loop. The JDK's generator, not Bouncy Castle's provider,
 * which took longer in four of five runs. Each call uses its own generator over one shared {@link SecureRandom}
 * (thread-safe), so calls run in parallel without a lock. {@link #toString()} never shows the private key.
 */
public final class DeviceKeyPair {

    static final int RSA_BITS = 2048;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PublicKey publicKey;
    private final PrivateKey privateKey;

    private DeviceKeyPair(KeyPair pair) {
        this.publicKey = pair.getPublic();
        this.privateKey = pair.getPrivate();
    }

    /** A new RSA-2048 key pair (public exponent 65537). */
    public static DeviceKeyPair generateRsa2048() {
        return new DeviceKeyPair(generate("RSA", RSA_BITS));
    }

    static KeyPair generate(String algorithm, int size) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(size, RANDOM);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK generates " + algorithm + " keys", e);
        }
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** {@code keyPair.PublicKey}: {@code -----BEGIN PUBLIC KEY-----} (X.509 SubjectPublicKeyInfo). */
    public String publicKeyPem() {
        return Pem.encode("PUBLIC KEY", publicKey.getEncoded());
    }

    /**
     * {@code keyPair.PrivateKey}: {@code -----BEGIN RSA PRIVATE KEY-----} (PKCS#1), the form AWS answers and the AWS
     * IoT device SDKs and openssl read.
     */
    public String privateKeyPem() {
        try {
            byte[] pkcs1 = PrivateKeyInfo.getInstance(privateKey.getEncoded())
                    .parsePrivateKey()
                    .toASN1Primitive()
                    .getEncoded();
            return Pem.encode("RSA PRIVATE KEY", pkcs1);
        } catch (IOException e) {
            throw new IllegalStateException("a generated RSA key is valid PKCS#8", e);
        }
    }

    @Override
    public String toString() {
        return "DeviceKeyPair[RSA-" + RSA_BITS + "]";
    }
}
