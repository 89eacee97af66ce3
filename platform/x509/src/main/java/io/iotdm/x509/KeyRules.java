package io.iotdm.x509;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;

/**
 * The keys and signature algorithms AWS IoT accepts (docs/aws-behaviour.md §6.1): an RSA key of at least 2048 bits or
 * an EC key on NIST P-256, P-384 or P-521; certificates signed with SHA-256/384/512 with RSA, RSASSA-PSS, or ECDSA
 * with SHA-256/384/512. Each check answers what is wrong, or empty.
 */
final class KeyRules {

    static final int MIN_RSA_BITS = 2048;

    private static final Map<ASN1ObjectIdentifier, String> CURVES = Map.of(
            SECObjectIdentifiers.secp256r1, "P-256",
            SECObjectIdentifiers.secp384r1, "P-384",
            SECObjectIdentifiers.secp521r1, "P-521");

    private static final Map<ASN1ObjectIdentifier, String> SIGNATURE_ALGORITHMS = Map.of(
            PKCSObjectIdentifiers.sha256WithRSAEncryption, "SHA256WITHRSA",
            PKCSObjectIdentifiers.sha384WithRSAEncryption, "SHA384WITHRSA",
            PKCSObjectIdentifiers.sha512WithRSAEncryption, "SHA512WITHRSA",
            PKCSObjectIdentifiers.id_RSASSA_PSS, "RSASSAPSS",
            X9ObjectIdentifiers.ecdsa_with_SHA256, "ECDSA-WITH-SHA256",
            X9ObjectIdentifiers.ecdsa_with_SHA384, "ECDSA-WITH-SHA384",
            X9ObjectIdentifiers.ecdsa_with_SHA512, "ECDSA-WITH-SHA512");

    private static final Map<ASN1ObjectIdentifier, String> KEY_ALGORITHMS = Map.of(
            EdECObjectIdentifiers.id_Ed25519, "Ed25519",
            EdECObjectIdentifiers.id_Ed448, "Ed448",
            X9ObjectIdentifiers.id_dsa, "DSA",
            PKCSObjectIdentifiers.id_RSASSA_PSS, "RSASSA-PSS (a PSS-only RSA key)");

    private static final DefaultAlgorithmNameFinder NAMES = new DefaultAlgorithmNameFinder();

    private KeyRules() {}

    /** Why AWS IoT would not accept this public key, or empty. */
    static Optional<String> keyProblem(SubjectPublicKeyInfo key) {
        AlgorithmIdentifier algorithm = key.getAlgorithm();
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            int bits = rsaBits(key);
            if (bits < 0) {
                return Optional.of("the RSA public key is malformed");
            }
            return bits >= MIN_RSA_BITS
                    ? Optional.empty()
                    : Optional.of("the key is RSA-" + bits + "; AWS IoT needs an RSA key of at least " + MIN_RSA_BITS
                            + " bits or an EC key on P-256, P-384 or P-521");
        }
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            if (algorithm.getParameters() instanceof ASN1ObjectIdentifier curve && CURVES.containsKey(curve)) {
                return Optional.empty();
            }
            return Optional.of("the key is EC on " + curveName(algorithm)
                    + "; AWS IoT accepts the EC curves P-256, P-384 and P-521 (or RSA of at least " + MIN_RSA_BITS
                    + " bits)");
        }
        return Optional.of("the key is " + keyAlgorithmName(oid) + "; AWS IoT accepts RSA of at least " + MIN_RSA_BITS
                + " bits or EC on P-256, P-384 or P-521");
    }

    /** Why AWS IoT would not accept a certificate signed with this algorithm, or empty. */
    static Optional<String> signatureAlgorithmProblem(AlgorithmIdentifier signatureAlgorithm) {
        if (SIGNATURE_ALGORITHMS.containsKey(signatureAlgorithm.getAlgorithm())) {
            return Optional.empty();
        }
        return Optional.of("it is signed with " + NAMES.getAlgorithmName(signatureAlgorithm) + "; AWS IoT accepts "
                + String.join(
                        ", ", SIGNATURE_ALGORITHMS.values().stream().sorted().toList()));
    }

    /** "RSA-2048", "EC P-256": how messages and the README name a key. */
    static String describe(SubjectPublicKeyInfo key) {
        ASN1ObjectIdentifier oid = key.getAlgorithm().getAlgorithm();
        if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            int bits = rsaBits(key);
            return bits < 0 ? "RSA (malformed)" : "RSA-" + bits;
        }
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            return "EC " + curveName(key.getAlgorithm());
        }
        return keyAlgorithmName(oid);
    }

    /** Bouncy Castle's name finder names signature algorithms, not every key algorithm. */
    private static String keyAlgorithmName(ASN1ObjectIdentifier oid) {
        return KEY_ALGORITHMS.getOrDefault(oid, NAMES.getAlgorithmName(oid));
    }

    /** The modulus size, or -1 when the key's BIT STRING is not an RSAPublicKey structure. */
    private static int rsaBits(SubjectPublicKeyInfo key) {
        try {
            return RSAPublicKey.getInstance(key.parsePublicKey()).getModulus().bitLength();
        } catch (IOException | IllegalArgumentException e) {
            return -1;
        }
    }

    private static String curveName(AlgorithmIdentifier algorithm) {
        if (!(algorithm.getParameters() instanceof ASN1ObjectIdentifier curve)) {
            return "explicit curve parameters";
        }
        String nist = CURVES.get(curve);
        if (nist != null) {
            return nist;
        }
        String name = ECNamedCurveTable.getName(curve);
        return name != null ? name : curve.getId();
    }
}
