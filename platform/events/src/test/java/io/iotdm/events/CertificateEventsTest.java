package io.iotdm.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The JITR event matches AWS's topic and payload member for member. */
class CertificateEventsTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void registeredEventHasAwsMembersOnly() throws Exception {
        Event event = new CertificateEvents("123456789012")
                .registered(
                        "c".repeat(64),
                        "a".repeat(64),
                        7,
                        Instant.ofEpochMilli(1_487_196_587_000L),
                        Instant.ofEpochMilli(1_487_196_587_960L));

        assertThat(event.kafkaTopic()).isEqualTo("aws.events.certificates");
        assertThat(event.key()).isEqualTo("c".repeat(64));
        assertThat(event.mqttTopic()).isEqualTo("$aws/events/certificates/registered/" + "a".repeat(64));
        assertThat(event.headers())
                .containsEntry(Event.MQTT_TOPIC_HEADER, "$aws/events/certificates/registered/" + "a".repeat(64))
                .containsEntry(Event.RESOURCE_VERSION_HEADER, "7");
        assertThat(event.payload())
                .isEqualTo(json.readTree(
                        """
                        {"certificateId":"%s","caCertificateId":"%s","timestamp":1487196587960,
                         "certificateStatus":"PENDING_ACTIVATION","awsAccountId":"123456789012",
                         "certificateRegistrationTimestamp":1487196587000}"""
                                .formatted("c".repeat(64), "a".repeat(64))));
    }
}
