package io.iotdm.codesign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.Random;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class CodesignVerifierTest {

    private static final CodesignBlock.PayloadLocation LOCATION =
            new CodesignBlock.PayloadLocation("firmware", "app-1.2.bin", "v1");

    private final Signer trusted = new Signer("CN=trusted code signing");
    private final byte[] artifact = artifact(100_000);

    @Test
    void aSignatureOverTheExactBytesVerifies() {
        CodesignBlock block = trusted.block(artifact);

        new CodesignVerifier(trusted.certificate).verify(block, artifact);
    }

    @Test
    void oneFlippedByteIsTampered() {
        CodesignBlock block = trusted.block(artifact);
        artifact[artifact.length / 2] ^= 0x01;

        assertThatThrownBy(() -> new CodesignVerifier(trusted.certificate).verify(block, artifact))
                .isInstanceOfSatisfying(CodesignException.class, e -> assertThat(e.reason())
                        .isEqualTo(CodesignException.Reason.TAMPERED))
                .hasMessage("the signature does not verify: the artifact is not the one signed");
    }

    @Test
    void anArtifactOfAnotherSizeIsTampered() {
        CodesignBlock block = trusted.block(artifact);
        byte[] longer = java.util.Arrays.copyOf(artifact, artifact.length + 1);

        assertThatThrownBy(() -> new CodesignVerifier(trusted.certificate).verify(block, longer))
                .isInstanceOfSatisfying(CodesignException.class, e -> assertThat(e.reason())
                        .isEqualTo(CodesignException.Reason.TAMPERED))
                .hasMessage("the artifact is 100001 bytes, the signed payload 100000");
    }

    @Test
    void aSignatureByAnotherCertificateIsTheWrongCertificate() {
        Signer other = new Signer("CN=someone else");
        CodesignBlock block = other.block(artifact);

        assertThatThrownBy(() -> new CodesignVerifier(trusted.certificate).verify(block, artifact))
                .isInstanceOfSatisfying(CodesignException.class, e -> assertThat(e.reason())
                        .isEqualTo(CodesignException.Reason.WRONG_CERTIFICATE))
                .hasMessageContaining("CN=trusted code signing");
    }

    @Test
    void awsAlgorithmNamesWithTheHashApartVerify() {
        CodesignBlock ours = trusted.block(artifact);
        CodesignBlock aws =
                new CodesignBlock(ours.rawPayloadSize(), ours.signature(), "ECDSA", "SHA256", LOCATION, null);

        new CodesignVerifier(trusted.certificate).verify(aws, artifact);
    }

    @Test
    void anUnknownAlgorithmIsRefusedBeforeAnyByteIsRead() {
        CodesignBlock ours = trusted.block(artifact);
        CodesignBlock sha1 = new CodesignBlock(ours.rawPayloadSize(), ours.signature(), "DSA", "SHA1", LOCATION, null);

        assertThatThrownBy(() -> new CodesignVerifier(trusted.certificate).verify(sha1, artifact))
                .isInstanceOfSatisfying(CodesignException.class, e -> assertThat(e.reason())
                        .isEqualTo(CodesignException.Reason.UNKNOWN_ALGORITHM))
                .hasMessage("unknown signature algorithm DSA with hash SHA1");
    }

    @Test
    void theBlockReadsBackFromItsJson() {
        CodesignBlock block = trusted.block(artifact);

        CodesignBlock read = CodesignBlock.parse(block.json().toString());

        assertThat(read).isEqualTo(block);
        new CodesignVerifier(trusted.certificate).verify(read, artifact);
    }

    @Test
    void aBlockWithoutASignatureIsMalformed() {
        assertThatThrownBy(() -> CodesignBlock.parse("{\"rawPayloadSize\":3,\"signatureAlgorithm\":\"ECDSA\"}"))
                .isInstanceOfSatisfying(CodesignException.class, e -> assertThat(e.reason())
                        .isEqualTo(CodesignException.Reason.MALFORMED_BLOCK));
    }

    private static byte[] artifact(int size) {
        byte[] bytes = new byte[size];
        new Random(7).nextBytes(bytes);
        return bytes;
    }

    /** An EC P-256 key and its self-signed certificate, signing as iotdm's signer does (SHA256withECDSA, DER). */
    private static final class Signer {
        final KeyPair keys;
        final X509Certificate certificate;

        Signer(String subject) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                keys = generator.generateKeyPair();
                X500Name name = new X500Name(subject);
                Instant now = Instant.now();
                certificate = new JcaX509CertificateConverter()
                        .getCertificate(new JcaX509v3CertificateBuilder(
                                        name,
                                        BigInteger.ONE,
                                        Date.from(now.minusSeconds(60)),
                                        Date.from(now.plusSeconds(3600)),
                                        name,
                                        keys.getPublic())
                                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        CodesignBlock block(byte[] artifact) {
            try {
                Signature signature = Signature.getInstance(CodesignBlock.SHA256_WITH_ECDSA);
                signature.initSign(keys.getPrivate());
                signature.update(artifact);
                String pem = "-----BEGIN CERTIFICATE-----\n"
                        + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded())
                        + "\n-----END CERTIFICATE-----\n";
                return CodesignBlock.ecdsa(signature.sign(), artifact.length, LOCATION, pem);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
