package io.iotdm.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotdm.testing.PackageCycles;
import org.junit.jupiter.api.Test;

/** No package of the jobs-service depends, through others, on itself. */
class PackageCyclesTest {

    @Test
    void packagesFormNoCycle() {
        assertThat(PackageCycles.cycle("io.iotdm.jobs"))
                .as("a cycle of packages")
                .isEmpty();
    }
}
