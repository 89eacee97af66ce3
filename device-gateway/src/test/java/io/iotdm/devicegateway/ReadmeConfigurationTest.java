package io.iotdm.devicegateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotdm.testing.ReadmeConfigDefaults;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The defaults README.md's configuration table states for {@code iotdm.device-gateway.*} are the mapping's defaults. */
class ReadmeConfigurationTest {

    @Test
    void theReadmeStatesTheMappingsDefaults() {
        Path module = Path.of("");
        assertThat(ReadmeConfigDefaults.stated(module.resolve("README.md"), "iotdm.device-gateway."))
                .isNotEmpty();
        assertThat(ReadmeConfigDefaults.disagreements(module, "iotdm.device-gateway."))
                .isEmpty();
    }
}
