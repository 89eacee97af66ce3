package io.iotdm.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Damaged PEM of every kind, cut at every length and with characters replaced, is either read or refused with an
 * {@link X509Exception} that says why: no unchecked exception of Bouncy Castle or the JDK gets out (a 500 in the
 * service).
 */
class PemRobustnessTest {

    private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-\n ";

    @Test
    void damagedCertificates() {
        String pem = TestPki.certificate("CN=lamp-1", TestPki.p256(), "CN=CA", TestPki.p256(), false);
        assertOnlyRefusals(damaged(pem), text -> Pem.certificates("certificatePem", text));
    }

    @Test
    void damagedCsrs() {
        String pem = TestPki.csr("CN=lamp-1, O=IoT Devices", TestPki.p256());
        assertOnlyRefusals(damaged(pem), text -> Pem.certificateSigningRequest("certificateSigningRequest", text));
    }

    @Test
    void damagedPrivateKeys() {
        String pem = TestPki.pem("PRIVATE KEY", TestPki.p256().getPrivate().getEncoded());
        assertOnlyRefusals(damaged(pem), text -> Pem.privateKey("key", text));
    }

    /** Every prefix, and 400 copies with one to three characters of the body replaced (a fixed seed: reproducible). */
    private static List<String> damaged(String pem) {
        List<String> texts = new ArrayList<>();
        for (int length = 0; length < pem.length(); length++) {
            texts.add(pem.substring(0, length));
        }
        Random random = new Random(14);
        int bodyStart = pem.indexOf('\n') + 1;
        int bodyEnd = pem.indexOf("-----END");
        for (int i = 0; i < 400; i++) {
            char[] chars = pem.toCharArray();
            for (int j = 0, n = 1 + random.nextInt(3); j < n; j++) {
                chars[bodyStart + random.nextInt(bodyEnd - bodyStart)] = BASE64.charAt(random.nextInt(BASE64.length()));
            }
            texts.add(new String(chars));
        }
        return texts;
    }

    private static void assertOnlyRefusals(List<String> texts, Consumer<String> parse) {
        int refused = 0;
        for (String text : texts) {
            Throwable thrown = catchThrowable(() -> parse.accept(text));
            if (thrown != null) {
                assertThat(thrown).as("damaged input:%n%s", text).isInstanceOf(X509Exception.class);
                assertThat(thrown.getMessage()).contains(": ").doesNotEndWith(": null");
                refused++;
            }
        }
        assertThat(refused).as("most damaged texts are refused").isGreaterThan(texts.size() / 2);
    }
}
