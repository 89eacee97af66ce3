package io.iotdm.e2e;

import static io.iotdm.e2e.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.AttributePayload;
import software.amazon.awssdk.services.iot.model.DescribeThingGroupResponse;
import software.amazon.awssdk.services.iot.model.DynamicGroupStatus;
import software.amazon.awssdk.services.iot.model.GroupNameAndArn;
import software.amazon.awssdk.services.iot.model.InvalidQueryException;

/**
 * Dynamic thing groups through the gateway: group-service keeps the definition, indexing-service percolates every
 * indexed change against it, group-service applies the decisions; the membership follows attribute and shadow
 * changes in both directions, with THING_GROUP_MEMBERSHIP events.
 */
class DynamicThingGroupsEndToEndTest {

    private final IotClient iot = Suite.iot();

    @Test
    void aDynamicGroupBackfillsThenFollowsAttributeChangesBothWays() {
        String run = "dyn" + UUID.randomUUID().toString().substring(0, 8);
        createThing(run + "-old", run, "1.5");
        createThing(run + "-edge", run, "2.2");
        createThing(run + "-new", run, "3.0");
        String group = run + "-old-firmware";

        iot.createDynamicThingGroup(request ->
                request.thingGroupName(group).queryString("attributes.run:" + run + " AND attributes.fw:[0 TO 2.2]"));

        DescribeThingGroupResponse active = await(
                () -> iot.describeThingGroup(request -> request.thingGroupName(group)),
                described -> described.status() == DynamicGroupStatus.ACTIVE);
        assertThat(active.status()).isEqualTo(DynamicGroupStatus.ACTIVE);
        assertThat(active.queryString()).isEqualTo("attributes.run:" + run + " AND attributes.fw:[0 TO 2.2]");
        assertThat(active.indexName()).isEqualTo("AWS_Things");
        // ACTIVE: the backfill covered what the index held when it began; things whose creation the index had not
        // seen yet join through their decisions right after
        assertThat(await(() -> members(group), names -> names.size() == 2))
                .containsExactly(run + "-edge", run + "-old");

        iot.updateThing(request -> request.thingName(run + "-new").attributePayload(attributes(run, "2.0")));
        assertThat(await(() -> members(group), names -> names.size() == 3)).contains(run + "-new");
        iot.updateThing(request -> request.thingName(run + "-old").attributePayload(attributes(run, "2.3")));
        assertThat(await(() -> members(group), names -> !names.contains(run + "-old")))
                .containsExactly(run + "-edge", run + "-new");
        assertThat(iot.listThingGroupsForThing(request -> request.thingName(run + "-new"))
                        .thingGroups())
                .extracting(GroupNameAndArn::groupName)
                .containsExactly(group);

        // joined by the backfill, joined by a change, left by a change: each a THING_GROUP_MEMBERSHIP event
        SuiteEvents.await(
                "aws.events.thingGroupMembership",
                event -> group.equals(event.path("groupArn").asText().replaceAll(".*/", ""))
                        && "ADDED".equals(event.path("operation").asText()),
                run + "-new",
                1);
        SuiteEvents.await(
                "aws.events.thingGroupMembership",
                event -> group.equals(event.path("groupArn").asText().replaceAll(".*/", ""))
                        && "REMOVED".equals(event.path("operation").asText()),
                run + "-old",
                1);
    }

    @Test
    void aDynamicGroupFollowsShadowChanges() {
        String run = "dsh" + UUID.randomUUID().toString().substring(0, 8);
        createThing(run + "-1", run, "1.0");
        String group = run + "-hot";
        iot.createDynamicThingGroup(request ->
                request.thingGroupName(group).queryString("attributes.run:" + run + " AND shadow.reported.temp > 30"));
        await(
                () -> iot.describeThingGroup(request -> request.thingGroupName(group)),
                described -> described.status() == DynamicGroupStatus.ACTIVE);
        assertThat(members(group)).isEmpty();

        IotDataHttp.send("POST", "/things/" + run + "-1/shadow", "{\"state\":{\"reported\":{\"temp\":31.5}}}");
        assertThat(await(() -> members(group), names -> !names.isEmpty())).containsExactly(run + "-1");
        IotDataHttp.send("POST", "/things/" + run + "-1/shadow", "{\"state\":{\"reported\":{\"temp\":20}}}");
        assertThat(await(() -> members(group), List::isEmpty)).isEmpty();

        iot.deleteDynamicThingGroup(request -> request.thingGroupName(group));
        assertThat(iot.listThingGroupsForThing(request -> request.thingName(run + "-1"))
                        .thingGroups())
                .isEmpty();
    }

    @Test
    void aBadQueryIsRefusedWithAwsError() {
        assertThatThrownBy(() -> iot.createDynamicThingGroup(request -> request.thingGroupName(
                                "bad" + UUID.randomUUID().toString().substring(0, 8))
                        .queryString("attributes.fw:[0 TO")))
                .isInstanceOf(InvalidQueryException.class);
    }

    private void createThing(String name, String run, String firmware) {
        iot.createThing(request -> request.thingName(name).attributePayload(attributes(run, firmware)));
    }

    private static AttributePayload attributes(String run, String firmware) {
        return AttributePayload.builder()
                .attributes(Map.of("run", run, "fw", firmware))
                .build();
    }

    private List<String> members(String group) {
        return iot.listThingsInThingGroup(request -> request.thingGroupName(group)).things().stream()
                .sorted()
                .toList();
    }
}
