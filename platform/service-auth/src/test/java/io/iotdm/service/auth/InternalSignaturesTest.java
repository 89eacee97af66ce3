package io.iotdm.service.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InternalSignaturesTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private static InternalConfig config(Optional<String> secret, Optional<Path> file) {
        return new InternalConfig() {
            @Override
            public Optional<String> secret() {
                return secret;
            }

            @Override
            public Optional<Path> secretFile() {
                return file;
            }

            @Override
            public Duration maxClockSkew() {
                return Duration.ofSeconds(60);
            }
        };
    }

    @Test
    void withoutASecretTheServiceDoesNotStart() {
        assertThatThrownBy(() -> InternalSignatures.secret(config(Optional.empty(), Optional.empty())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("No internal secret: set iotdm.internal.secret (or mount a file and name it in"
                        + " iotdm.internal.secret-file) to the same secret of at least 32 characters in the"
                        + " api-gateway and every service of this deployment");
    }

    @Test
    void theSecretComesFromTheConfigurationOrAMountedFile() throws Exception {
        assertThat(InternalSignatures.secret(config(Optional.of(SECRET), Optional.empty())))
                .isEqualTo(SECRET);
        Path file = Files.writeString(dir.resolve("secret"), SECRET + "\n");
        assertThat(InternalSignatures.secret(config(Optional.empty(), Optional.of(file))))
                .isEqualTo(SECRET);
    }

    @Test
    void bothOrAnUnreadableFileAreRefused() {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> InternalSignatures.secret(config(Optional.of(SECRET), Optional.of(missing))))
                .hasMessage("Both iotdm.internal.secret and iotdm.internal.secret-file are set: set one of them");
        assertThatThrownBy(() -> InternalSignatures.secret(config(Optional.empty(), Optional.of(missing))))
                .hasMessage("iotdm.internal.secret-file " + missing + " cannot be read");
    }
}
