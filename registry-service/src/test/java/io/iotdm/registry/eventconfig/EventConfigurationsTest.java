package io.iotdm.registry.eventconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventConfigurationsTest {

    @Test
    void everyTypeNeverConfiguredIsOffAndTheModelOrderIsKept() {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        EventConfigurations stored = new EventConfigurations(Map.of("JOB", true, "THING", false), created, created);

        EventConfigurations all = stored.covering(List.of("THING", "THING_GROUP", "JOB"));

        assertThat(all.enabled())
                .containsExactly(Map.entry("THING", false), Map.entry("THING_GROUP", false), Map.entry("JOB", true));
        assertThat(all.creationDate()).isEqualTo(created);
    }
}
