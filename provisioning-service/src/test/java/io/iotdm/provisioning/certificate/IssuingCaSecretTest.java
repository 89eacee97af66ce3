package io.iotdm.provisioning.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the issuing CA's secret comes from, as the internal secret's: the value or a mounted file, never a default. */
class IssuingCaSecretTest {

    @Test
    void theValueOrTheMountedFileStripped(@TempDir Path directory) throws Exception {
        assertThat(IssuingCaStartup.secret(Optional.of("sixteen-chars-at-least"), Optional.empty()))
                .isEqualTo("sixteen-chars-at-least".toCharArray());
        Path file = Files.writeString(directory.resolve("ca.secret"), "  mounted-secret-of-k8s\n");
        assertThat(IssuingCaStartup.secret(Optional.empty(), Optional.of(file)))
                .isEqualTo("mounted-secret-of-k8s".toCharArray());
    }

    @Test
    void noneBothOrAShortOneRefusesToStart(@TempDir Path directory) {
        assertThatIllegalStateException()
                .isThrownBy(() -> IssuingCaStartup.secret(Optional.empty(), Optional.empty()))
                .withMessageStartingWith("No issuing CA secret: set iotdm.provisioning.ca-key-secret");
        assertThatIllegalStateException()
                .isThrownBy(() -> IssuingCaStartup.secret(
                        Optional.of("sixteen-chars-at-least"), Optional.of(directory.resolve("x"))))
                .withMessageContaining("set one of them");
        assertThatIllegalStateException()
                .isThrownBy(() -> IssuingCaStartup.secret(Optional.of("short"), Optional.empty()))
                .withMessage("iotdm.provisioning.ca-key-secret has 5 characters; it needs at least 16")
                .withMessageNotContaining("short");
    }
}
