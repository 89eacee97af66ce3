package io.iotdm.x509;

import static io.iotdm.x509.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateSigningRequestTest {

    private static final String MEMBER = "certificateSigningRequest";
    private static final String INVALID = "InvalidRequestException";

    @Test
    void acceptsEveryKeyAwsAccepts() throws Exception {
        List<KeyPair> keys = List.of(
                TestPki.rsa2048(), TestPki.rsa(3072), TestPki.p256(), TestPki.ec("secp384r1"), TestPki.ec("secp521r1"));
        for (KeyPair key : keys) {
            CertificateSigningRequest csr =
                    Pem.certificateSigningRequest(MEMBER, TestPki.csr("CN=lamp-1, O=IoT Devices", key));
            assertThat(csr.publicKey()).isEqualTo(key.getPublic());
            assertThat(csr.subject().getEncoded()).isEqualTo(new X500Name("CN=lamp-1, O=IoT Devices").getEncoded());
        }
    }

    @Test
    void acceptsCsrsMadeByOpenssl(@TempDir Path dir) {
        Openssl.run(
                dir,
                "req",
                "-new",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "rsa.key",
                "-subj",
                "/C=US/O=IoT Devices/CN=lamp-2",
                "-out",
                "rsa.csr");
        Openssl.run(
                dir,
                "req",
                "-new",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-384",
                "-nodes",
                "-keyout",
                "ec.key",
                "-subj",
                "/CN=lamp-3",
                "-out",
                "ec.csr");

        CertificateSigningRequest rsa = Pem.certificateSigningRequest(MEMBER, Openssl.read(dir.resolve("rsa.csr")));
        CertificateSigningRequest ec = Pem.certificateSigningRequest(MEMBER, Openssl.read(dir.resolve("ec.csr")));

        assertThat(rsa.subject().getName()).isEqualTo("CN=lamp-2,O=IoT Devices,C=US");
        assertThat(rsa.toString()).isEqualTo("CertificateSigningRequest[CN=lamp-2,O=IoT Devices,C=US, RSA-2048]");
        assertThat(ec.toString()).isEqualTo("CertificateSigningRequest[CN=lamp-3, EC P-384]");
    }

    @Test
    void refusesKeysAwsRefuses() {
        String prefix = "The request is not valid: certificateSigningRequest: the key is ";
        assertRefused(
                () -> Pem.certificateSigningRequest(MEMBER, TestPki.csr("CN=a", TestPki.rsa(1024))),
                INVALID,
                prefix + "RSA-1024; AWS IoT needs an RSA key of at least 2048 bits or an EC key on P-256, P-384 or"
                        + " P-521");
        assertRefused(
                () -> Pem.certificateSigningRequest(MEMBER, TestPki.csr("CN=a", TestPki.ec("secp256k1"))),
                INVALID,
                prefix + "EC on secp256k1; AWS IoT accepts the EC curves P-256, P-384 and P-521 (or RSA of at least"
                        + " 2048 bits)");
        assertRefused(
                () -> Pem.certificateSigningRequest(MEMBER, TestPki.csr("CN=a", TestPki.ec("secp224r1"))),
                INVALID,
                prefix + "EC on secp224r1; AWS IoT accepts the EC curves P-256, P-384 and P-521 (or RSA of at least"
                        + " 2048 bits)");
        assertRefused(
                () -> Pem.certificateSigningRequest(MEMBER, TestPki.csr("CN=a", TestPki.ed25519())),
                INVALID,
                prefix + "Ed25519; AWS IoT accepts RSA of at least 2048 bits or EC on P-256, P-384 or P-521");
    }

    @Test
    void refusesACsrWhoseSignatureDoesNotVerify() {
        assertRefused(
                () -> Pem.certificateSigningRequest(
                        MEMBER, TestPki.alteredCsr("CN=lamp-1", "CN=admin", TestPki.p256())),
                INVALID,
                "The request is not valid: certificateSigningRequest: the CSR's signature does not verify with the"
                        + " public key it carries (altered after signing, or signed with another key)");
    }
}
