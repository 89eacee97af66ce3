package io.iotdm.registry.shadow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A validated {@code /update} request body. Parsing applies AWS's request rules and error texts; rules that depend on
 * the stored shadow (version match, size after merge) are checked by {@link ShadowEngine}.
 */
public final class ShadowUpdate {

    /** Levels allowed in desired or reported, counting that section itself as level 1. */
    static final int MAX_DEPTH = 6;

    private final JsonNode sentState;
    private final JsonNode desired;
    private final JsonNode reported;
    private final String clientToken;
    private final Long version;

    private ShadowUpdate(JsonNode sentState, JsonNode desired, JsonNode reported, String clientToken, Long version) {
        this.sentState = sentState;
        this.desired = desired;
        this.reported = reported;
        this.clientToken = clientToken;
        this.version = version;
    }

    /**
     * Parses and validates an update body.
     *
     * @throws ShadowException 415 for bytes that are not UTF-8, 400 for every malformed request
     */
    public static ShadowUpdate parse(byte[] body) {
        JsonNode root = readObject(decodeUtf8(body));
        String token = ClientToken.validate(root.get("clientToken"));
        Long version = version(root.get("version"), token);
        JsonNode state = root.get("state");
        if (state == null) {
            throw new ShadowException(400, "Missing required node: state", token);
        }
        if (state.isNull()) {
            return new ShadowUpdate(state, null, null, token, version);
        }
        if (!state.isObject()) {
            throw new ShadowException(400, "State node must be an object", token);
        }
        JsonNode desired = null;
        JsonNode reported = null;
        for (Map.Entry<String, JsonNode> member : state.properties()) {
            switch (member.getKey()) {
                case "desired" -> desired = section(member.getValue(), "Desired node must be an object", token);
                case "reported" -> reported = section(member.getValue(), "Reported node must be an object", token);
                // A GET document echoed back carries "delta"; it is derived state, so it is accepted and ignored.
                case "delta" -> {}
                default -> throw new ShadowException(400, "State contains an invalid node", token);
            }
        }
        ObjectNode sent = ShadowJson.object();
        if (desired != null) {
            sent.set("desired", desired);
        }
        if (reported != null) {
            sent.set("reported", reported);
        }
        return new ShadowUpdate(sent, desired, reported, token, version);
    }

    public Optional<String> clientToken() {
        return Optional.ofNullable(clientToken);
    }

    /** The version the stored shadow must have for the update to apply; empty skips the check. */
    public OptionalLong version() {
        return version == null ? OptionalLong.empty() : OptionalLong.of(version);
    }

    /** {@code "state": null}: clear desired and reported; the shadow itself stays. */
    boolean clearsState() {
        return sentState.isNull();
    }

    /** The state as sent (without "delta"), echoed in {@code /update/accepted}. */
    JsonNode sentState() {
        return sentState;
    }

    /** Absent (null), JSON null (drop the section) or an object to merge. */
    JsonNode desired() {
        return desired;
    }

    JsonNode reported() {
        return reported;
    }

    String token() {
        return clientToken;
    }

    private static String decodeUtf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body == null ? new byte[0] : body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ShadowException(415, "Unsupported documented encoding; supported encoding is UTF-8");
        }
    }

    private static JsonNode readObject(String text) {
        try {
            JsonNode root = ShadowJson.read(text);
            if (root.isObject()) {
                return root;
            }
        } catch (JsonProcessingException e) {
            // reported below, like any other non-object body
        }
        throw new ShadowException(400, "Invalid JSON");
    }

    private static Long version(JsonNode node, String token) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw new ShadowException(400, "Invalid version", token);
        }
        return node.longValue();
    }

    private static JsonNode section(JsonNode node, String notAnObject, String token) {
        if (node.isNull()) {
            return node;
        }
        if (!node.isObject()) {
            throw new ShadowException(400, notAnObject, token);
        }
        checkTree(node, 1, false, token);
        return node;
    }

    /**
     * Depth: a value may sit inside at most {@value #MAX_DEPTH} objects/arrays counting desired/reported itself, so
     * {"desired":{"1":{"2":{"3":{"4":{"5":{"6":0}}}}}}} is the deepest accepted document; empty {} and [] are values.
     * Nulls: inside an array a null cannot mean "delete", and AWS rejects arrays containing null.
     */
    private static void checkTree(JsonNode container, int depth, boolean inArray, String token) {
        boolean array = inArray || container.isArray();
        for (JsonNode child : container) {
            if (array && child.isNull()) {
                throw new ShadowException(400, "State contains an invalid node", token);
            }
            if (child.isContainerNode() && !child.isEmpty()) {
                if (depth == MAX_DEPTH) {
                    throw new ShadowException(400, "JSON contains too many levels of nesting; maximum is 6", token);
                }
                checkTree(child, depth + 1, array, token);
            }
        }
    }
}
