package io.iotdm.devicegateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The switch that governs an event message, by its MQTT topic (docs/aws-behaviour.md §3). */
class EventFamiliesTest {

    @Test
    void registryAndJobFamiliesHaveTheirEventTypeAndLifecycleNone() {
        assertThat(EventFamilies.eventType(EventFamilies.family("$aws/events/thing/t/created")))
                .contains("THING");
        assertThat(EventFamilies.eventType(
                        EventFamilies.family("$aws/events/thingGroupMembership/thingGroup/g/thing/t/added")))
                .contains("THING_GROUP_MEMBERSHIP");
        assertThat(EventFamilies.eventType(EventFamilies.family("$aws/events/jobExecution/j/succeeded")))
                .contains("JOB_EXECUTION");
        assertThat(EventFamilies.eventType(EventFamilies.family("$aws/events/presence/connected/c")))
                .isEmpty();
        assertThat(EventFamilies.eventType(EventFamilies.family("$aws/events/certificates/registered/ca")))
                .isEmpty();
    }

    @Test
    void aTopicOutsideTheKnownFamiliesIsNoEventMessage() {
        assertThat(EventFamilies.family("$aws/things/t/shadow/update")).isNull();
        assertThat(EventFamilies.family("$aws/events/unknown/x")).isNull();
        assertThat(EventFamilies.family("$aws/events/thing")).isNull();
    }
}
