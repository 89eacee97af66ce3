package io.iotdm.x509;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceKeyPairTest {

    @Test
    void rsa2048InAwsPemForms(@TempDir Path dir) throws Exception {
        DeviceKeyPair pair = DeviceKeyPair.generateRsa2048();

        String publicPem = pair.publicKeyPem();
        assertThat(publicPem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
        String body = publicPem.replaceAll("-----[A-Z ]+-----|\\s", "");
        RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
        assertThat(publicKey.getModulus().bitLength()).isEqualTo(2048);
        assertThat(publicKey.getPublicExponent()).isEqualTo(BigInteger.valueOf(65537));

        String privatePem = pair.privateKeyPem();
        assertThat(privatePem)
                .startsWith("-----BEGIN RSA PRIVATE KEY-----\n")
                .endsWith("-----END RSA PRIVATE KEY-----\n");
        RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) Pem.privateKey("PrivateKey", privatePem);
        assertThat(privateKey.getModulus()).isEqualTo(publicKey.getModulus());

        Openssl.write(dir.resolve("key.pem"), privatePem);
        assertThat(Openssl.run(dir, "rsa", "-in", "key.pem", "-check", "-noout"))
                .isEqualTo("RSA key ok\n");
    }

    @Test
    void everyPairIsNewAndItsTextShowsNoKey() {
        DeviceKeyPair first = DeviceKeyPair.generateRsa2048();
        DeviceKeyPair second = DeviceKeyPair.generateRsa2048();

        assertThat(first.publicKey()).isNotEqualTo(second.publicKey());
        assertThat(first.toString()).isEqualTo("DeviceKeyPair[RSA-2048]");
    }
}
