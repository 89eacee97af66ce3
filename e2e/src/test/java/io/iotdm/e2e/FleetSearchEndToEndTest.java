package io.iotdm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.AttributePayload;
import software.amazon.awssdk.services.iot.model.InvalidQueryException;
import software.amazon.awssdk.services.iot.model.SearchIndexResponse;
import software.amazon.awssdk.services.iot.model.ThingDocument;

/** Things written through the registry are found with the SDK's searchIndex, through the api-gateway. */
class FleetSearchEndToEndTest {

    private final IotClient iot = Suite.iot();

    @Test
    void thingsAndShadowsWrittenThroughTheRegistryAreSearchable() throws Exception {
        String batch = "fleet" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 4; i++) {
            String name = batch + "-" + i;
            String firmware = i < 2 ? "1." + i : "2." + i;
            iot.createThing(request -> request.thingName(name)
                    .attributePayload(AttributePayload.builder()
                            .attributes(Map.of("batch", batch, "fw", firmware))
                            .build()));
        }
        IotDataHttp.send(
                "POST", "/things/" + batch + "-3/shadow", "{\"state\":{\"reported\":{\"temp\":31.5,\"on\":true}}}");

        List<String> old = awaitNames("attributes.batch:" + batch + " AND attributes.fw < 2", 2);
        assertThat(old).containsExactly(batch + "-0", batch + "-1");
        List<String> hot = awaitNames("attributes.batch:" + batch + " AND shadow.reported.temp > 30", 1);
        assertThat(hot).containsExactly(batch + "-3");

        SearchIndexResponse page = iot.searchIndex(
                request -> request.queryString("attributes.batch:" + batch).maxResults(3));
        assertThat(page.things()).hasSize(3);
        assertThat(page.nextToken()).isNotNull();
        ThingDocument third = page.things().get(2);
        assertThat(third.attributes()).containsEntry("batch", batch);
        assertThat(iot.searchIndex(request -> request.queryString("attributes.batch:" + batch)
                                .maxResults(3)
                                .nextToken(page.nextToken()))
                        .things())
                .extracting(ThingDocument::thingName)
                .containsExactly(batch + "-3");

        assertThat(iot.getStatistics(request -> request.queryString("attributes.batch:" + batch))
                        .statistics()
                        .count())
                .isEqualTo(4);
        assertThat(iot.getBucketsAggregation(request -> request.queryString("attributes.batch:" + batch)
                                .aggregationField("shadow.reported.on")
                                .bucketsAggregationType(type -> type.termsAggregation(terms -> terms.maxBuckets(5))))
                        .buckets())
                .singleElement()
                .satisfies(bucket -> assertThat(bucket.count()).isEqualTo(1));

        assertThatThrownBy(() -> iot.searchIndex(request -> request.queryString("attributes.fw:(1 OR")))
                .isInstanceOfSatisfying(InvalidQueryException.class, invalid -> assertThat(invalid.statusCode())
                        .isEqualTo(400));
    }

    /** The index follows the registry's events: poll until the query finds {@code count} things (or 30 s pass). */
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
