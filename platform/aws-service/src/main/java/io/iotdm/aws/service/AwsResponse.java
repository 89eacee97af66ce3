package io.iotdm.aws.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The successful answer of an operation: always HTTP 200 in AWS IoT, with a JSON body or a raw document. */
public record AwsResponse(String contentType, byte[] body) {

    private static final JsonMapper JSON = new JsonMapper();
    private static final AwsResponse EMPTY = new AwsResponse("application/json", "{}".getBytes());

    /** An output structure, its members named as the model names them. */
    public static AwsResponse json(ObjectNode output) {
        try {
            return new AwsResponse("application/json", JSON.writeValueAsBytes(output));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The answer of an operation without output members: {@code {}}. */
    public static AwsResponse empty() {
        return EMPTY;
    }

    /** An output whose payload member is the whole body, such as a shadow document. */
    public static AwsResponse document(byte[] body) {
        return new AwsResponse("application/json", body);
    }
}
