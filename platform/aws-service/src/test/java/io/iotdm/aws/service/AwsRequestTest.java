package io.iotdm.aws.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AwsRequestTest {

    private static final JsonMapper JSON = new JsonMapper();

    private final ObjectNode input = JSON.createObjectNode().put("thingName", "lamp-1");

    private final AwsRequest request = new AwsRequest(
            "request-1", "CreateThing", Set.of("thingName", "thingTypeName", "attributePayload"), input, Map.of());

    @Test
    void membersOfTheInputShapeReadAsSentOrAbsent() {
        assertThat(request.string("thingName")).isEqualTo("lamp-1");
        assertThat(request.string("thingTypeName")).isNull();
        assertThat(request.node("attributePayload").isMissingNode()).isTrue();
    }

    @Test
    void aNameTheInputShapeDoesNotHaveFailsInsteadOfReadingAsAbsent() {
        assertThatThrownBy(() -> request.string("thingname"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("CreateThing has no input member thingname");
        assertThatThrownBy(() -> request.number("expectedVersion")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> request.flag("merge")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> request.node("attributes")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> request.blob("payload")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> request.pageSize("maxResults", 50)).isInstanceOf(IllegalArgumentException.class);
    }
}
