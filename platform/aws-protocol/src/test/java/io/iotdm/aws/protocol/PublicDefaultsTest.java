package io.iotdm.aws.protocol;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PublicDefaultsTest {

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "10.0.0.7", "iotdm.example.com"})
    void aPublicDefaultIsRefusedBeyondLoopback(String host) {
        assertThatIllegalStateException()
                .isThrownBy(() -> PublicDefaults.refuseBeyondLoopback(host, "iotdm.aws.pagination-secret", true))
                .withMessage("iotdm.aws.pagination-secret has its public development default, which anyone can read in "
                        + "iotdm's source, and this process listens beyond loopback (quarkus.http.host=" + host
                        + "): set iotdm.aws.pagination-secret to a secret of your own, or listen on 127.0.0.1 only");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "[::1]", "localhost", "LOCALHOST"})
    void aPublicDefaultIsFineOnLoopback(String host) {
        assertThatCode(() -> PublicDefaults.refuseBeyondLoopback(host, "iotdm.aws.pagination-secret", true))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "127.0.0.1"})
    void anOwnSecretIsFineAnywhere(String host) {
        assertThatCode(() -> PublicDefaults.refuseBeyondLoopback(host, "iotdm.aws.pagination-secret", false))
                .doesNotThrowAnyException();
    }
}
