package io.iotdm.service.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SealedDeviceMessagesTest {

    private static final String SECRET = "a-deployment-secret-of-at-least-32-characters";
    private static final String TOPIC = "$aws/certificates/create/json/accepted";
    private static final String KEY = "{\"privateKey\":\"-----BEGIN RSA PRIVATE KEY-----\\nMIIE...\"}";

    @Test
    void whatTheServiceSealsTheGatewayOpensWithTheSameSecretAndNothingOfItIsInClear() {
        String sealed = new SealedDeviceMessages(SECRET).seal(KEY, TOPIC, "device-1", "token-1");

        assertThat(sealed).doesNotContain("PRIVATE KEY").doesNotContain("privateKey");
        assertThat(new String(
                        new SealedDeviceMessages(SECRET).open(sealed, TOPIC, "device-1", "token-1"),
                        StandardCharsets.UTF_8))
                .isEqualTo(KEY);
    }

    @Test
    void aSealedMessageOpensForItsOwnTopicClientAndConnectionOnly() {
        SealedDeviceMessages seal = new SealedDeviceMessages(SECRET);
        String sealed = seal.seal(KEY, TOPIC, "device-1", "token-1");

        assertThatThrownBy(() -> seal.open(sealed, TOPIC, "device-1", "token-2"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> seal.open(sealed, TOPIC, "device-2", "token-1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> seal.open(sealed, TOPIC + "x", "device-1", "token-1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SealedDeviceMessages(SECRET + "-other").open(sealed, TOPIC, "device-1", "token-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not open");
        assertThatThrownBy(() -> seal.open("not base64!", TOPIC, "device-1", "token-1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSameMessageSealedTwiceDiffers() {
        SealedDeviceMessages seal = new SealedDeviceMessages(SECRET);

        assertThat(seal.seal(KEY, TOPIC, "device-1", "token-1"))
                .isNotEqualTo(seal.seal(KEY, TOPIC, "device-1", "token-1"));
    }
}
