package io.iotdm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotdm.devstack.StackAddresses;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.AttributePayload;
import software.amazon.awssdk.services.iot.model.CreateThingResponse;
import software.amazon.awssdk.services.iot.model.InvalidQueryException;
import software.amazon.awssdk.services.iot.model.IotException;
import software.amazon.awssdk.services.iot.model.SearchIndexResponse;
import software.amazon.awssdk.services.iot.model.ThingConnectivityIndexingMode;
import software.amazon.awssdk.services.iot.model.ThingDocument;
import software.amazon.awssdk.services.iot.model.ThingGroupDocument;
import software.amazon.awssdk.services.iot.model.ThingGroupIndexingMode;
import software.amazon.awssdk.services.iot.model.ThingIndexingMode;

/**
 * The fleet index against the real registry and group-service: a configuration change rebuilds it from the registry's
 * things and shadows and group-service's memberships (gRPC), a lost thing-group index is filled again from
 * group-service's groups, and the read-your-writes extension holds a search until a write the registry acknowledged
 * is in it.
 */
class FleetIndexRebuildEndToEndTest {

    private final IotClient iot = Suite.iot();

    @AfterEach
    void restoreTheDefault() throws InterruptedException {
        configure(ThingIndexingMode.REGISTRY_AND_SHADOW, true);
        awaitActive();
    }

    @Test
    void aConfigurationChangeRebuildsTheIndexFromTheRegistry() throws Exception {
        String batch = "rebuild" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 5; i++) {
            String name = batch + "-" + i;
            iot.createThing(request -> request.thingName(name)
                    .attributePayload(AttributePayload.builder()
                            .attributes(Map.of("batch", batch))
                            .build()));
            IotDataHttp.send(
                    "POST", "/things/" + name + "/shadow", "{\"state\":{\"reported\":{\"temp\":" + (20 + i) + "}}}");
        }
        String withShadows = "attributes.batch:" + batch + " AND shadow.reported.temp >= 20";
        assertThat(awaitNames(withShadows, 5)).hasSize(5);

        // REGISTRY: the rebuilt index holds no shadows, and queries on them are refused
        configure(ThingIndexingMode.REGISTRY, false);
        awaitActive();
        assertThat(awaitNames("attributes.batch:" + batch, 5)).hasSize(5);
        assertThatThrownBy(() -> iot.searchIndex(request -> request.queryString(withShadows)))
                .isInstanceOf(InvalidQueryException.class);

        // back to shadows: the events that set them were dropped under REGISTRY, so only the registry's stream has them
        configure(ThingIndexingMode.REGISTRY_AND_SHADOW, false);
        awaitActive();
        assertThat(awaitNames(withShadows, 5))
                .containsExactlyInAnyOrder(batch + "-0", batch + "-1", batch + "-2", batch + "-3", batch + "-4");
    }

    @Test
    void theIndicesTakeGroupsAndMembershipsFromTheGroupService() throws Exception {
        String group = "rebuilt" + UUID.randomUUID().toString().substring(0, 8);
        String thing = group + "-thing";
        iot.createThing(request -> request.thingName(thing));
        iot.createThingGroup(request -> request.thingGroupName(group)
                .thingGroupProperties(properties -> properties.thingGroupDescription("streamed")));
        iot.addThingToThingGroup(request -> request.thingName(thing).thingGroupName(group));
        assertThat(awaitNames("thingGroupNames:" + group, 1)).containsExactly(thing);

        // a rebuild writes the memberships that group-service streams (it carries only their removals)
        configure(ThingIndexingMode.REGISTRY, false);
        awaitActive();
        assertThat(awaitNames("thingGroupNames:" + group, 1)).containsExactly(thing);

        // OpenSearch lost the thing-group index: it is created again and filled from group-service
        String opensearch = Suite.addresses().get(StackAddresses.OPENSEARCH_URL);
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> deleted = http.send(
                    HttpRequest.newBuilder(URI.create(opensearch + "/aws_thing_groups_v1"))
                            .DELETE()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(deleted.statusCode()).isEqualTo(200);
        }
        iot.updateIndexingConfiguration(request -> request.thingGroupIndexingConfiguration(
                groups -> groups.thingGroupIndexingMode(ThingGroupIndexingMode.ON)));
        try {
            Instant deadline = Instant.now().plusSeconds(30);
            List<ThingGroupDocument> found = List.of();
            while (found.isEmpty() && Instant.now().isBefore(deadline)) {
                try {
                    found = iot.searchIndex(request ->
                                    request.indexName("AWS_ThingGroups").queryString("thingGroupName:" + group))
                            .thingGroups();
                } catch (IotException notYet) {
                    // the index is being created
                }
                if (found.isEmpty()) {
                    Thread.sleep(200);
                }
            }
            assertThat(found)
                    .extracting(ThingGroupDocument::thingGroupDescription)
                    .containsExactly("streamed");
        } finally {
            iot.updateIndexingConfiguration(request -> request.thingGroupIndexingConfiguration(
                    groups -> groups.thingGroupIndexingMode(ThingGroupIndexingMode.OFF)));
        }
    }

    @Test
    void aSearchCanWaitForTheWriteItFollows() {
        String name = "ryw" + UUID.randomUUID().toString().substring(0, 8);
        CreateThingResponse created = iot.createThing(request -> request.thingName(name));
        String revision = created.sdkHttpResponse()
                .firstMatchingHeader("iotdm-registry-revision")
                .orElseThrow();

        SearchIndexResponse found = iot.searchIndex(request -> request.queryString("thingName:" + name)
                .overrideConfiguration(o -> o.putHeader("iotdm-read-after", name + "@" + revision)));

        assertThat(found.things()).extracting(ThingDocument::thingName).containsExactly(name);
        assertThat(found.sdkHttpResponse().firstMatchingHeader("iotdm-read-after"))
                .contains("ok");
    }

    private void configure(ThingIndexingMode mode, boolean namedShadows) {
        iot.updateIndexingConfiguration(
                request -> request.thingIndexingConfiguration(thing -> thing.thingIndexingMode(mode)
                        .thingConnectivityIndexingMode(ThingConnectivityIndexingMode.STATUS)
                        .namedShadowIndexingMode(namedShadows ? "ON" : "OFF")));
    }

    /** DescribeIndex says REBUILDING from the update on (or ACTIVE once done): wait for ACTIVE. */
    private void awaitActive() throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        String status;
        do {
            status = iot.describeIndex(request -> request.indexName("AWS_Things"))
                    .indexStatusAsString();
            if (!status.equals("ACTIVE")) {
                Thread.sleep(200);
            }
        } while (!status.equals("ACTIVE") && Instant.now().isBefore(deadline));
        assertThat(status).isEqualTo("ACTIVE");
    }

    private List<String> awaitNames(String query, int count) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        List<String> names = List.of();
        while (Instant.now().isBefore(deadline)) {
            names = iot.searchIndex(request -> request.queryString(query)).things().stream()
                    .map(ThingDocument::thingName)
                    .toList();
            if (names.size() >= count) {
                return names;
            }
            Thread.sleep(200);
        }
        return names;
    }
}
