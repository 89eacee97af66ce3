package io.iotdm.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.PrivateKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Sealing with few PBKDF2 iterations, to keep the tests fast; opening honours the count the text carries. */
class SealedKeyTest {

    private static final char[] SECRET = "a configured secret of some length".toCharArray();
    private static final int FAST = 1_000;

    @Test
    void roundTripOfRsaAndEcKeys() {
        for (PrivateKey key :
                new PrivateKey[] {TestPki.rsa2048().getPrivate(), TestPki.p256().getPrivate()}) {
            String sealed = SealedKey.seal(key, SECRET, FAST);

            assertThat(sealed)
                    .matches(
                            "iotdm-sealed-key:v1:pbkdf2-sha256:1000:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+");
            assertThat(SealedKey.open(sealed, SECRET).getEncoded()).isEqualTo(key.getEncoded());
        }
    }

    @Test
    void theDefaultIterationCountIsWrittenInTheText() {
        String sealed = SealedKey.seal(TestPki.p256().getPrivate(), SECRET);
        assertThat(sealed).startsWith("iotdm-sealed-key:v1:pbkdf2-sha256:600000:");
        assertThat(SealedKey.open(sealed, SECRET)).isEqualTo(TestPki.p256().getPrivate());
    }

    @Test
    void eachSealDrawsItsOwnSaltAndIvAndHidesTheKey() {
        PrivateKey key = TestPki.p256().getPrivate();
        String first = SealedKey.seal(key, SECRET, FAST);
        String second = SealedKey.seal(key, SECRET, FAST);

        assertThat(first).isNotEqualTo(second);
        assertThat(first)
                .doesNotContain(Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(key.getEncoded())
                        .substring(0, 40))
                .doesNotContain(
                        Base64.getEncoder().encodeToString(key.getEncoded()).substring(0, 40));
    }

    @Test
    void aWrongSecretOrAnAlteredTextIsTheSameClearRefusal() {
        String sealed = SealedKey.seal(TestPki.p256().getPrivate(), SECRET, FAST);
        String[] parts = sealed.split(":");
        String otherIterations = sealed.replace(":1000:", ":1001:");
        char last = parts[6].charAt(10);
        parts[6] = parts[6].substring(0, 10) + (last == 'A' ? 'B' : 'A') + parts[6].substring(11);
        String otherCiphertext = String.join(":", parts);
        String expected = "the sealed key cannot be opened with this secret: the secret is not the one it was sealed"
                + " with, or the text was altered";

        assertThatThrownBy(() -> SealedKey.open(sealed, "not the configured secret".toCharArray()))
                .isInstanceOf(SealedKeyException.class)
                .hasMessage(expected);
        assertThatThrownBy(() -> SealedKey.open(otherIterations, SECRET))
                .isInstanceOf(SealedKeyException.class)
                .hasMessage(expected);
        assertThatThrownBy(() -> SealedKey.open(otherCiphertext, SECRET))
                .isInstanceOf(SealedKeyException.class)
                .hasMessage(expected);
    }

    @Test
    void textsThatAreNotSealedKeysAndShortSecretsAreRefused() {
        assertThatThrownBy(() -> SealedKey.open("-----BEGIN PRIVATE KEY-----", SECRET))
                .isInstanceOf(SealedKeyException.class)
                .hasMessage(
                        "not a sealed key: it must start with iotdm-sealed-key:v1:pbkdf2-sha256 and have 7 ':' parts");
        assertThatThrownBy(() -> SealedKey.open(null, SECRET))
                .isInstanceOf(SealedKeyException.class)
                .hasMessage("not a sealed key: none given");
        assertThatThrownBy(() -> SealedKey.open("iotdm-sealed-key:v1:pbkdf2-sha256:99999999:AA:AA:AA", SECRET))
                .isInstanceOf(SealedKeyException.class)
                .hasMessage("not a sealed key: 99999999 PBKDF2 iterations is out of range");
        assertThatThrownBy(() -> SealedKey.open("iotdm-sealed-key:v1:pbkdf2-sha256:many:AA:AA:AA", SECRET))
                .isInstanceOf(SealedKeyException.class)
                .hasMessage("not a sealed key: For input string: \"many\"");
        assertThatThrownBy(() -> SealedKey.open("iotdm-sealed-key:v1:pbkdf2-sha256:1000:A*:AA:AA", SECRET))
                .isInstanceOf(SealedKeyException.class)
                .hasMessageStartingWith("not a sealed key: Illegal base64 character");
        assertThatThrownBy(() -> SealedKey.seal(TestPki.p256().getPrivate(), "short".toCharArray()))
                .isInstanceOf(SealedKeyException.class)
                .hasMessage("the secret that seals the CA key must have at least 16 characters");
    }
}
