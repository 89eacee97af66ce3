package io.iotdm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.AttributePayload;
import software.amazon.awssdk.services.iot.model.DescribeThingResponse;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.IotException;
import software.amazon.awssdk.services.iot.model.ListThingsResponse;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.Tag;
import software.amazon.awssdk.services.iot.model.ThingAttribute;
import software.amazon.awssdk.services.iot.model.VersionConflictException;

/** The AWS SDK for Java v2, unchanged, against iotdm's api-gateway and registry-service. */
class RegistryEndToEndTest {

    private static final JsonMapper JSON = new JsonMapper();

    private final IotClient iot = Suite.iot();

    @Test
    void thingLifecycleWithVersionsAsAwsDoes() {
        String type = unique("Sensor");
        iot.createThingType(request -> request.thingTypeName(type)
                .thingTypeProperties(properties ->
                        properties.thingTypeDescription("temperature sensors").searchableAttributes("fw"))
                .tags(Tag.builder().key("team").value("platform").build()));
        String name = unique("sensor");
        String thingId = iot.createThing(request ->
                        request.thingName(name).thingTypeName(type).attributePayload(attributes(Map.of("fw", "1.0"))))
                .thingId();

        DescribeThingResponse described = iot.describeThing(request -> request.thingName(name));
        assertThat(described.thingId()).isEqualTo(thingId);
        assertThat(described.thingTypeName()).isEqualTo(type);
        assertThat(described.attributes()).containsEntry("fw", "1.0");
        assertThat(described.version()).isEqualTo(1);

        iot.updateThing(request -> request.thingName(name)
                .expectedVersion(1L)
                .attributePayload(AttributePayload.builder()
                        .attributes(Map.of("fw", "1.1", "site", "berlin"))
                        .merge(true)
                        .build()));
        assertThatThrownBy(() -> iot.updateThing(request ->
                        request.thingName(name).expectedVersion(1L).attributePayload(attributes(Map.of("fw", "9")))))
                .isInstanceOfSatisfying(VersionConflictException.class, conflict -> assertThat(conflict.statusCode())
                        .isEqualTo(409));
        assertThat(iot.describeThing(request -> request.thingName(name)).attributes())
                .containsEntry("fw", "1.1")
                .containsEntry("site", "berlin");

        assertThatThrownBy(() -> iot.createThing(
                        request -> request.thingName(name).attributePayload(attributes(Map.of("fw", "2")))))
                .isInstanceOf(ResourceAlreadyExistsException.class);

        assertThat(iot.listTagsForResource(
                                request -> request.resourceArn(iot.describeThingType(type_ -> type_.thingTypeName(type))
                                        .thingTypeArn()))
                        .tags())
                .containsExactly(Tag.builder().key("team").value("platform").build());

        iot.deleteThing(request -> request.thingName(name).expectedVersion(2L));
        assertThatThrownBy(() -> iot.describeThing(request -> request.thingName(name)))
                .isInstanceOf(ResourceNotFoundException.class);
        iot.deleteThing(request -> request.thingName(name)); // a missing thing deletes fine

        List<String> operations = SuiteEvents.eventsFor("aws.events.thing", name, 3).stream()
                .map(event -> event.get("operation").asText())
                .toList();
        assertThat(operations).containsExactly("CREATED", "UPDATED", "DELETED");
    }

    @Test
    void deprecatedTypesRefuseNewThingsUntilUndeprecated() {
        String type = unique("Old");
        iot.createThingType(request -> request.thingTypeName(type));
        iot.deprecateThingType(request -> request.thingTypeName(type));
        assertThat(iot.describeThingType(request -> request.thingTypeName(type))
                        .thingTypeMetadata()
                        .deprecated())
                .isTrue();
        assertThatThrownBy(() -> iot.createThing(
                        request -> request.thingName(unique("t")).thingTypeName(type)))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> iot.deleteThingType(request -> request.thingTypeName(type)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("5 minutes");
        iot.deprecateThingType(request -> request.thingTypeName(type).undoDeprecate(true));
        iot.createThing(request -> request.thingName(unique("t")).thingTypeName(type));
    }

    @Test
    void listingPagesWithTheSdkPaginator() {
        String batch = unique("batch");
        for (int i = 0; i < 7; i++) {
            String name = batch + "-" + i;
            iot.createThing(request -> request.thingName(name).attributePayload(attributes(Map.of("batch", batch))));
        }
        ListThingsResponse first = iot.listThings(
                request -> request.attributeName("batch").attributeValue(batch).maxResults(3));
        assertThat(first.things()).hasSize(3);
        assertThat(first.nextToken()).isNotNull();
        List<String> all = iot
                .listThingsPaginator(request ->
                        request.attributeName("batch").attributeValue(batch).maxResults(3))
                .things()
                .stream()
                .map(ThingAttribute::thingName)
                .toList();
        assertThat(all).hasSize(7).isSorted();
    }

    @Test
    void badInputAndBadSignaturesGetAwsErrors() {
        assertThatThrownBy(() -> iot.createThing(request -> request.thingName("a b")))
                .isInstanceOfSatisfying(InvalidRequestException.class, invalid -> assertThat(
                                invalid.awsErrorDetails().errorMessage())
                        .isEqualTo("1 validation error detected: Value 'a b' at 'thingName' failed to satisfy"
                                + " constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9:_-]+"));
        // a plus and a space in a query parameter arrive as the SDK sent and signed them, through the gateway
        assertThatThrownBy(() -> iot.listThings(request -> request.attributeName("a+b c")))
                .isInstanceOfSatisfying(InvalidRequestException.class, invalid -> assertThat(
                                invalid.awsErrorDetails().errorMessage())
                        .isEqualTo("1 validation error detected: Value 'a+b c' at 'attributeName' failed to satisfy"
                                + " constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.,@/:#-]+"));
        try (IotClient wrongSecret = Suite.iot("not-the-secret")) {
            assertThatThrownBy(() -> wrongSecret.listThings(request -> {}))
                    .isInstanceOfSatisfying(IotException.class, denied -> {
                        assertThat(denied.statusCode()).isEqualTo(403);
                        assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                    });
        }
    }

    @Test
    void shadowsOverTheDataPlane() throws Exception {
        String thing = unique("lamp");
        HttpResponse<String> accepted =
                IotDataHttp.send("POST", "/things/" + thing + "/shadow", "{\"state\":{\"desired\":{\"on\":true}}}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(JSON.readTree(accepted.body()).get("version").asLong()).isEqualTo(1);

        HttpResponse<String> document = IotDataHttp.send("GET", "/things/" + thing + "/shadow", null);
        assertThat(JSON.readTree(document.body()).at("/state/delta/on").asBoolean())
                .isTrue();

        HttpResponse<String> stale = IotDataHttp.send(
                "POST", "/things/" + thing + "/shadow", "{\"state\":{\"reported\":{\"on\":true}},\"version\":7}");
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.headers().firstValue("x-amzn-ErrorType")).hasValue("ConflictException");

        HttpResponse<String> named = IotDataHttp.send(
                "POST", "/things/" + thing + "/shadow?name=config", "{\"state\":{\"reported\":{\"mode\":\"eco\"}}}");
        assertThat(named.statusCode()).as(named.body()).isEqualTo(200);
        HttpResponse<String> names =
                IotDataHttp.send("GET", "/api/things/shadow/ListNamedShadowsForThing/" + thing, null);
        assertThat(JSON.readTree(names.body()).get("results").get(0).asText()).isEqualTo("config");

        assertThat(SuiteEvents.eventsFor("aws.things.shadow", thing, 2)).hasSize(2);
    }

    private static AttributePayload attributes(Map<String, String> attributes) {
        return AttributePayload.builder().attributes(attributes).build();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
