package io.iotdm.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotdm.events.RegistryEvents.Association;
import io.iotdm.events.RegistryEvents.Change;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The payloads, topics, keys and headers match AWS's registry events field for field. */
class RegistryEventsTest {

    private static final Instant AT = Instant.ofEpochMilli(1_234_567_890_123L);

    private final RegistryEvents events = new RegistryEvents("123456789012");
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void thingEventCarriesTheAwsVersionInThePayloadAndTheRevisionInTheHeader() throws Exception {
        Event event = events.thing(
                Change.UPDATED,
                "b604f69c-aa9a-4d4a-829e-c480e958a0b5",
                "MyThing",
                2,
                17,
                null,
                Map.of("attribute1", "value1"),
                AT);

        assertThat(event.kafkaTopic()).isEqualTo("aws.events.thing");
        assertThat(event.key()).isEqualTo("MyThing");
        assertThat(event.mqttTopic()).isEqualTo("$aws/events/thing/MyThing/updated");
        assertThat(asPublished(event))
                .isEqualTo(json.readTree(
                        """
                        {"eventType":"THING_EVENT","eventId":"%s","timestamp":1234567890123,"operation":"UPDATED",
                         "accountId":"123456789012","thingId":"b604f69c-aa9a-4d4a-829e-c480e958a0b5",
                         "thingName":"MyThing","versionNumber":2,"thingTypeName":null,
                         "attributes":{"attribute1":"value1"}}"""
                                .formatted(event.eventId())));
        assertThat(event.headers())
                .containsEntry(Event.MQTT_TOPIC_HEADER, "$aws/events/thing/MyThing/updated")
                .containsEntry(Event.RESOURCE_VERSION_HEADER, "17")
                .containsEntry(Event.EVENT_ID_HEADER, event.eventId());
    }

    @Test
    void eachEventHasItsOwnId() {
        Event first = events.thing(Change.CREATED, "id", "t", 1, 1, null, Map.of(), AT);
        Event second = events.thing(Change.CREATED, "id", "t", 1, 1, null, Map.of(), AT);
        assertThat(first.eventId()).isNotEqualTo(second.eventId());
    }

    @Test
    void deprecatingAThingTypeIsAnUpdateWithItsDate() throws Exception {
        Event event = events.thingType(
                Change.UPDATED,
                "c530ae83-32aa-4592-94d3-da29879d1aac",
                "MyThingType",
                3,
                true,
                Instant.ofEpochMilli(1_700_000_000_000L),
                List.of("attribute1", "attribute2"),
                "My thing type",
                AT);

        assertThat(event.kafkaTopic()).isEqualTo("aws.events.thingType");
        assertThat(event.key()).isEqualTo("MyThingType");
        assertThat(event.mqttTopic()).isEqualTo("$aws/events/thingType/MyThingType/updated");
        assertThat(asPublished(event))
                .isEqualTo(json.readTree(
                        """
                        {"eventType":"THING_TYPE_EVENT","eventId":"%s","timestamp":1234567890123,"operation":"UPDATED",
                         "accountId":"123456789012","thingTypeId":"c530ae83-32aa-4592-94d3-da29879d1aac",
                         "thingTypeName":"MyThingType","isDeprecated":true,"deprecationDate":1700000000000,
                         "searchableAttributes":["attribute1","attribute2"],"description":"My thing type"}"""
                                .formatted(event.eventId())));
    }

    @Test
    void aNewThingTypeHasNoDeprecationDate() {
        Event event = events.thingType(Change.CREATED, "id", "T", 1, false, null, List.of(), null, AT);
        assertThat(event.payload().get("deprecationDate").isNull()).isTrue();
        assertThat(event.payload().get("description").isNull()).isTrue();
        assertThat(event.mqttTopic()).isEqualTo("$aws/events/thingType/T/created");
    }

    @Test
    void associationIsKeyedByTheThingAndNamesBothInItsTopic() throws Exception {
        Event event = events.thingTypeAssociation(Association.REMOVED, "thing-id", "myThing", 4, "MyThingType", AT);

        assertThat(event.kafkaTopic()).isEqualTo("aws.events.thingTypeAssociation");
        assertThat(event.key()).isEqualTo("myThing");
        assertThat(event.resourceVersion()).isEqualTo(4);
        assertThat(event.mqttTopic())
                .isEqualTo("$aws/events/thingTypeAssociation/thing/myThing/thingType/MyThingType/removed");
        assertThat(asPublished(event))
                .isEqualTo(json.readTree(
                        """
                        {"eventType":"THING_TYPE_ASSOCIATION_EVENT","eventId":"%s","timestamp":1234567890123,
                         "operation":"REMOVED","thingId":"thing-id","thingName":"myThing","thingTypeName":"MyThingType"}"""
                                .formatted(event.eventId())));
    }

    /** The payload as a consumer reads it back (numbers compare by value, not by Java type). */
    private com.fasterxml.jackson.databind.JsonNode asPublished(Event event) throws Exception {
        return json.readTree(json.writeValueAsString(event.payload()));
    }
}
