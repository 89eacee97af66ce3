package io.iotdm.aws.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The successful answer of an operation: always HTTP 200 in AWS IoT, with a JSON body or a raw document.
 *
 * @param extensions iotdm extension headers of the answer ({@code iotdm-...}): facts beyond AWS's output that AWS
 *     clients ignore, such as the registry revision a write produced
 */
public record AwsResponse(String contentType, byte[] body, Map<String, String> extensions) {

    private static final JsonMapper JSON = new JsonMapper();
    private static final AwsResponse EMPTY = new AwsResponse("application/json", "{}".getBytes());

    public AwsResponse {
        extensions = Map.copyOf(extensions);
    }

    public AwsResponse(String contentType, byte[] body) {
        this(contentType, body, Map.of());
    }

    /** This answer with one more extension header; {@code name} starts with {@link AwsRequest#EXTENSION_PREFIX}. */
    public AwsResponse withExtension(String name, String value) {
        if (!name.startsWith(AwsRequest.EXTENSION_PREFIX)) {
            throw new IllegalArgumentException("not an extension header: " + name);
        }
        Map<String, String> headers = new LinkedHashMap<>(extensions);
        headers.put(name, value);
        return new AwsResponse(contentType, body, headers);
    }

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
