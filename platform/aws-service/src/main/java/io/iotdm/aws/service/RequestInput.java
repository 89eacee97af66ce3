package io.iotdm.aws.service;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.Member;
import io.iotdm.aws.protocol.OperationTable;
import io.iotdm.aws.protocol.RequestBodies;
import io.iotdm.aws.protocol.ServiceModel;
import io.iotdm.aws.protocol.Shape;
import io.vertx.core.MultiMap;
import java.util.List;

/**
 * Gathers an operation's input members from where REST-JSON puts them: URI labels, query parameters, headers and
 * the JSON body, or, for an operation with a payload member (the iot-data documents), the whole body as that member.
 */
final class RequestInput {

    private static final JsonMapper JSON = new JsonMapper();

    private RequestInput() {}

    /**
     * @return the members by model name, URI, query and header values as the strings they arrived as, ready for
     *     {@link io.iotdm.aws.protocol.InputValidator}
     */
    static ObjectNode read(ServiceModel model, OperationTable.Match match, MultiMap headers, byte[] body) {
        String inputShape = match.operation().input();
        if (inputShape == null) {
            // an operation without input reads its body as any other: unknown members are ignored, garbage is not
            RequestBodies.read(body);
            return JSON.createObjectNode();
        }
        Shape shape = model.shape(inputShape);
        ObjectNode input = shape.payload() == null ? RequestBodies.read(body) : payloadBody(shape, body);
        for (Member member : shape.members().values()) {
            switch (member.location()) {
                case URI -> {
                    String value = match.pathParameters().get(member.name());
                    if (value != null) {
                        input.put(member.name(), value);
                    }
                }
                case QUERYSTRING -> {
                    // decoded by the operation table as SigV4 signed it ('+' stays a plus), not as a form would be
                    List<String> values = match.queryParameters().getOrDefault(member.locationName(), List.of());
                    if (values.size() == 1) {
                        input.put(member.name(), values.get(0));
                    } else if (!values.isEmpty()) {
                        ArrayNode array = input.putArray(member.name());
                        values.forEach(array::add);
                    }
                }
                case HEADER -> {
                    String value = headers.get(member.locationName());
                    if (value != null) {
                        input.put(member.name(), value);
                    }
                }
                default -> {}
            }
        }
        return input;
    }

    private static ObjectNode payloadBody(Shape shape, byte[] body) {
        ObjectNode input = JSON.createObjectNode();
        if (body.length > 0) {
            input.set(shape.payload(), BinaryNode.valueOf(body));
        }
        return input;
    }
}
