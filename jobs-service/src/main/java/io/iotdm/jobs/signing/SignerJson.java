package io.iotdm.jobs.signing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The structure members the signer tables keep as JSONB ({@code overrides}, {@code signingParameters}, {@code tags}),
 * between their column text and the request's and answer's nodes.
 */
public final class SignerJson {

    private static final JsonMapper JSON = new JsonMapper();

    private SignerJson() {}

    /** @return the column text, {@code null} for an absent member */
    public static String text(ObjectNode member) {
        return member == null ? null : member.toString();
    }

    /** @return the member, {@code null} for a NULL column */
    public static ObjectNode node(String text) {
        if (text == null) {
            return null;
        }
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSONB column holds JSON", e);
        }
    }
}
