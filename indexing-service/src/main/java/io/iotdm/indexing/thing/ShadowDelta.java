package io.iotdm.indexing.thing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The shadow's delta, as the registry computes it (registry-service {@code ShadowDelta}): every desired value that
 * reported lacks or holds differently; nested objects keep their path down to the differing members; anything that
 * is not an object on both sides is taken whole from desired; numbers compare by value (1 equals 1.0).
 */
final class ShadowDelta {

    private ShadowDelta() {}

    /** @return the delta state, empty when there is none */
    static ObjectNode of(JsonNode desired, JsonNode reported) {
        ObjectNode delta = JsonNodeFactory.instance.objectNode();
        if (desired == null || !desired.isObject()) {
            return delta;
        }
        for (Map.Entry<String, JsonNode> member : desired.properties()) {
            JsonNode want = member.getValue();
            JsonNode have = reported == null || !reported.isObject() ? null : reported.get(member.getKey());
            if (want.isObject() && have != null && have.isObject()) {
                ObjectNode nested = of(want, have);
                if (!nested.isEmpty()) {
                    delta.set(member.getKey(), nested);
                }
            } else if (have == null || !sameValue(want, have)) {
                delta.set(member.getKey(), want);
            }
        }
        return delta;
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        return a.equals(
                (x, y) -> x.isNumber() && y.isNumber()
                        ? x.decimalValue().compareTo(y.decimalValue())
                        : (x.equals(y) ? 0 : 1),
                b);
    }
}
