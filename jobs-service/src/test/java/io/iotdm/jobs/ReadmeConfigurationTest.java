package io.iotdm.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotdm.testing.ReadmeConfigDefaults;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The defaults README.md's configuration table states for {@code iotdm.jobs.*} are the config mappings' defaults. */
class ReadmeConfigurationTest {

    @Test
    void theReadmeStatesTheMappingsDefaults() {
        Path module = Path.of("");
        assertThat(ReadmeConfigDefaults.stated(module.resolve("README.md"), "iotdm.jobs."))
                .isNotEmpty();
        assertThat(ReadmeConfigDefaults.disagreements(module, "iotdm.jobs.")).isEmpty();
    }
}
