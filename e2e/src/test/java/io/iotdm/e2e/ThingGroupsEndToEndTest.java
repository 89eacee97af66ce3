package io.iotdm.e2e;

import static io.iotdm.e2e.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.GroupNameAndArn;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.ThingDocument;
import software.amazon.awssdk.services.iot.model.ThingGroupDocument;

/** Static thing groups through the gateway to group-service, and their memberships in the fleet index. */
class ThingGroupsEndToEndTest {

    private final IotClient iot = Suite.iot();

    @Test
    void aHierarchyOfSevenLevelsAndNoEighth() {
        String prefix = "tree" + UUID.randomUUID().toString().substring(0, 8);
        String parent = null;
        for (int level = 1; level <= 7; level++) {
            String name = prefix + "-" + level;
            String parentName = parent;
            iot.createThingGroup(request -> request.thingGroupName(name).parentGroupName(parentName));
            parent = name;
        }
        String deepest = parent;
        assertThatThrownBy(() -> iot.createThingGroup(
                        request -> request.thingGroupName(prefix + "-8").parentGroupName(deepest)))
                .isInstanceOf(InvalidRequestException.class);

        assertThat(iot.describeThingGroup(request -> request.thingGroupName(deepest))
                        .thingGroupMetadata()
                        .rootToParentThingGroups())
                .extracting(GroupNameAndArn::groupName)
                .containsExactly(
                        prefix + "-1", prefix + "-2", prefix + "-3", prefix + "-4", prefix + "-5", prefix + "-6");
        assertThat(iot.listThingGroups(
                                request -> request.parentGroup(prefix + "-1").recursive(true))
                        .thingGroups())
                .hasSize(6);
        assertThatThrownBy(() -> iot.deleteThingGroup(request -> request.thingGroupName(prefix + "-6")))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void membershipsAreSearchableInTheFleetIndex() {
        String group = "fleet" + UUID.randomUUID().toString().substring(0, 8);
        String thing = group + "-device";
        iot.createThing(request -> request.thingName(thing));
        iot.createThingGroup(request -> request.thingGroupName(group));
        iot.addThingToThingGroup(request -> request.thingGroupName(group).thingName(thing));

        assertThat(iot.listThingGroupsForThing(request -> request.thingName(thing))
                        .thingGroups())
                .extracting(GroupNameAndArn::groupName)
                .containsExactly(group);
        assertThat(await(() -> names("thingGroupNames:" + group), names -> names.size() == 1))
                .containsExactly(thing);

        iot.updateIndexingConfiguration(
                request -> request.thingGroupIndexingConfiguration(groups -> groups.thingGroupIndexingMode("ON")));
        try {
            assertThat(await(
                            () -> iot
                                    .searchIndex(request ->
                                            request.indexName("AWS_ThingGroups").queryString("thingGroupName:" + group))
                                    .thingGroups()
                                    .stream()
                                    .map(ThingGroupDocument::thingGroupName)
                                    .toList(),
                            names -> names.size() == 1))
                    .containsExactly(group);
        } finally {
            iot.updateIndexingConfiguration(
                    request -> request.thingGroupIndexingConfiguration(groups -> groups.thingGroupIndexingMode("OFF")));
        }

        iot.removeThingFromThingGroup(request -> request.thingGroupName(group).thingName(thing));
        assertThat(await(() -> names("thingGroupNames:" + group), List::isEmpty))
                .isEmpty();
    }

    private List<String> names(String query) {
        return iot.searchIndex(request -> request.queryString(query)).things().stream()
                .map(ThingDocument::thingName)
                .toList();
    }
}
