package io.iotdm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.AttributePayload;
import software.amazon.awssdk.services.iot.model.ThingDocument;

/**
 * The suite runs as {@code ./iotdm up} does, with {@code iotdm.indexing.search.consistency=read-after-write}: a plain AWS
 * client that writes and then searches, with no iotdm header, finds what it wrote (a thing's attributes, its shadow,
 * a static group membership), through the registry's and group-service's outboxes, Kafka and the index.
 */
class ConsistentSearchEndToEndTest {

    private final IotClient iot = Suite.iot();

    @Test
    void aSearchRightAfterAWriteSeesIt() throws Exception {
        String thing = "fresh" + UUID.randomUUID().toString().substring(0, 8);
        iot.createThing(request -> request.thingName(thing)
                .attributePayload(AttributePayload.builder()
                        .attributes(Map.of("fw", "1.0"))
                        .build()));
        assertThat(names("thingName:" + thing + " AND attributes.fw:1.0")).containsExactly(thing);

        iot.updateThing(request -> request.thingName(thing)
                .attributePayload(AttributePayload.builder()
                        .attributes(Map.of("fw", "1.1"))
                        .merge(true)
                        .build()));
        assertThat(names("thingName:" + thing + " AND attributes.fw:1.1")).containsExactly(thing);

        IotDataHttp.send("POST", "/things/" + thing + "/shadow", "{\"state\":{\"reported\":{\"temp\":21}}}");
        assertThat(names("thingName:" + thing + " AND shadow.reported.temp:21")).containsExactly(thing);

        String group = thing + "-group";
        iot.createThingGroup(request -> request.thingGroupName(group));
        iot.addThingToThingGroup(request -> request.thingGroupName(group).thingName(thing));
        assertThat(names("thingGroupNames:" + group)).containsExactly(thing);
        assertThat(iot.getStatistics(request -> request.queryString("thingGroupNames:" + group))
                        .statistics()
                        .count())
                .isEqualTo(1);
    }

    private List<String> names(String query) {
        return iot.searchIndex(request -> request.queryString(query)).things().stream()
                .map(ThingDocument::thingName)
                .toList();
    }
}
