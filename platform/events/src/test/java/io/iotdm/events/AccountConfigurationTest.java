package io.iotdm.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotdm.events.AccountConfiguration.EventConfigurations;
import io.iotdm.events.AccountConfiguration.LogTargetLevel;
import io.iotdm.events.AccountConfiguration.V2Logging;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the registry publishes is what a gateway reads back, keyed so that compaction keeps the latest. */
class AccountConfigurationTest {

    @Test
    void anEventConfigurationReadsBackWithNeverConfiguredTypesOff() {
        Event event = new EventConfigurations(Map.of("THING", true, "JOB", false), 42).event();

        assertThat(event.kafkaTopic()).isEqualTo(AccountConfiguration.TOPIC);
        assertThat(event.key()).isEqualTo(AccountConfiguration.EVENT_CONFIGURATIONS_KEY);
        assertThat(event.payload().toString())
                .isEqualTo("{\"revision\":42,\"eventConfigurations\":{\"JOB\":{\"Enabled\":false},"
                        + "\"THING\":{\"Enabled\":true}}}");
        EventConfigurations read = EventConfigurations.parse(bytes(event));
        assertThat(read).isEqualTo(new EventConfigurations(Map.of("THING", true, "JOB", false), 42));
        assertThat(read.isEnabled("THING")).isTrue();
        assertThat(read.isEnabled("THING_GROUP")).isFalse();
    }

    @Test
    void aLoggingConfigurationReadsBack() {
        V2Logging logging =
                new V2Logging(true, "WARN", false, List.of(new LogTargetLevel("THING_GROUP", "fleet", "DEBUG")), 7);

        Event event = logging.event();

        assertThat(event.key()).isEqualTo(AccountConfiguration.V2_LOGGING_KEY);
        assertThat(V2Logging.parse(bytes(event))).isEqualTo(logging);
        V2Logging notConfigured = new V2Logging(false, null, false, List.of(), 8);
        assertThat(V2Logging.parse(bytes(notConfigured.event()))).isEqualTo(notConfigured);
    }

    private static byte[] bytes(Event event) {
        return event.payload().toString().getBytes(StandardCharsets.UTF_8);
    }
}
