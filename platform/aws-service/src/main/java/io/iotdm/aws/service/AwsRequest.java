package io.iotdm.aws.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One validated operation call.
 *
 * @param requestId the {@code x-amzn-RequestId} the gateway assigned (or this service, when called directly)
 * @param input every input member by its model name, typed: URI, query and header members converted to their
 *     shapes' types, body members as sent, a blob payload as a binary node
 */
public record AwsRequest(String requestId, ObjectNode input) {

    /** A string member, or {@code null} when absent. */
    public String string(String member) {
        JsonNode value = input.get(member);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** A string member, or the operation's default when absent. */
    public String string(String member, String defaultValue) {
        String value = string(member);
        return value == null ? defaultValue : value;
    }

    /** A number member, or {@code null} when absent. */
    public Long number(String member) {
        JsonNode value = input.get(member);
        return value == null || value.isNull() ? null : value.longValue();
    }

    /** A page size member ({@code maxResults}, {@code pageSize}), or the operation's default when absent. */
    public int pageSize(String member, int defaultSize) {
        Long value = number(member);
        return value == null ? defaultSize : value.intValue();
    }

    /** A boolean member, {@code false} when absent. */
    public boolean flag(String member) {
        return input.path(member).asBoolean(false);
    }

    /** A structure, list or map member, or a missing node. */
    public JsonNode node(String member) {
        return input.path(member);
    }

    /** A blob member (the payload of iot-data operations), empty when absent. */
    public byte[] blob(String member) {
        JsonNode value = input.get(member);
        if (value == null || value.isNull()) {
            return new byte[0];
        }
        try {
            return value.binaryValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
