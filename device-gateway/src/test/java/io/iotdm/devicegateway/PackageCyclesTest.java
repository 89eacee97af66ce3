package io.iotdm.devicegateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotdm.testing.PackageCycles;
import org.junit.jupiter.api.Test;

/** No package of the device gateway depends, through others, on itself. */
class PackageCyclesTest {

    @Test
    void packagesFormNoCycle() {
        assertThat(PackageCycles.cycle("io.iotdm.devicegateway"))
                .as("a cycle of packages")
                .isEmpty();
    }
}
