package io.iotdm.aws.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One validated operation call.
 *
 * <p>Every accessor takes a member's model name and refuses, with an {@link IllegalArgumentException}, a name that the
 * operation's input shape does not have: a misspelt member would otherwise read as absent forever. The handler's first
 * call fails instead (a 500 in any test that calls it), which costs one hash lookup per read and no declarations.
 *
 * @param requestId the {@code x-amzn-RequestId} the gateway assigned (or this service, when called directly)
 * @param operation the operation's name as the model spells it
 * @param members the names of the operation's input members (none for an operation without input)
 * @param input every input member by its model name, typed: URI, query and header members converted to their
 *     shapes' types, body members as sent, a blob payload as a binary node
 * @param extensions the request's iotdm extension headers ({@value #EXTENSION_PREFIX}*), names in lower case: opt-in
 *     behaviour beyond AWS that an AWS client never sends. Not {@code x-iotdm-}: the gateway owns that prefix for the
 *     caller's identity and strips it from clients (RFC 6648 also advises against {@code x-}).
 */
public record AwsRequest(
        String requestId, String operation, Set<String> members, ObjectNode input, Map<String, String> extensions) {

    public static final String EXTENSION_PREFIX = "iotdm-";

    public AwsRequest {
        extensions = Map.copyOf(extensions);
    }

    /** An extension header ({@code iotdm-...}, any case), or {@code null} when the client did not send it. */
    public String extension(String name) {
        return extensions.get(name.toLowerCase(Locale.ROOT));
    }

    /** A string member, or {@code null} when absent. */
    public String string(String member) {
        JsonNode value = input.get(declared(member));
        return value == null || value.isNull() ? null : value.asText();
    }

    /** A string member, or the operation's default when absent. */
    public String string(String member, String defaultValue) {
        String value = string(member);
        return value == null ? defaultValue : value;
    }

    /** A number member, or {@code null} when absent. */
    public Long number(String member) {
        JsonNode value = input.get(declared(member));
        return value == null || value.isNull() ? null : value.longValue();
    }

    /** A page size member ({@code maxResults}, {@code pageSize}), or the operation's default when absent. */
    public int pageSize(String member, int defaultSize) {
        Long value = number(member);
        return value == null ? defaultSize : value.intValue();
    }

    /** A boolean member, {@code false} when absent. */
    public boolean flag(String member) {
        return input.path(declared(member)).asBoolean(false);
    }

    /** A structure, list or map member, or a missing node. */
    public JsonNode node(String member) {
        return input.path(declared(member));
    }

    /** A blob member (the payload of iot-data operations), empty when absent. */
    public byte[] blob(String member) {
        JsonNode value = input.get(declared(member));
        if (value == null || value.isNull()) {
            return new byte[0];
        }
        try {
            return value.binaryValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String declared(String member) {
        if (!members.contains(member)) {
            throw new IllegalArgumentException(operation + " has no input member " + member + "; it has " + members);
        }
        return member;
    }
}
