package io.iotdm.provisioning.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * A template's {@code Mappings}: a lookup two levels deep whose values are strings or lists of strings, with no
 * functions inside (docs/aws-behaviour.md §6.5).
 */
final class Mappings {

    static final Mappings NONE = new Mappings(null);

    private final JsonNode maps;

    private Mappings(JsonNode maps) {
        this.maps = maps;
    }

    static Mappings parse(JsonNode section) {
        if (!section.isObject()) {
            throw TemplateException.invalid("Mappings must be an object of maps, not " + Scope.describe(section));
        }
        for (Iterator<Map.Entry<String, JsonNode>> maps = section.fields(); maps.hasNext(); ) {
            Map.Entry<String, JsonNode> map = maps.next();
            String where = "Mappings: " + map.getKey();
            if (!map.getValue().isObject()) {
                throw TemplateException.invalid(where + " must be an object, not " + Scope.describe(map.getValue()));
            }
            for (Iterator<Map.Entry<String, JsonNode>> tops = map.getValue().fields(); tops.hasNext(); ) {
                Map.Entry<String, JsonNode> top = tops.next();
                if (!top.getValue().isObject()) {
                    throw TemplateException.invalid(
                            where + "." + top.getKey() + " must be an object, not " + Scope.describe(top.getValue()));
                }
                top.getValue()
                        .fields()
                        .forEachRemaining(value ->
                                checkValue(where + "." + top.getKey() + "." + value.getKey(), value.getValue()));
            }
        }
        return new Mappings(section);
    }

    private static void checkValue(String where, JsonNode value) {
        boolean listOfStrings = value.isArray();
        for (JsonNode item : value) {
            listOfStrings &= item.isTextual();
        }
        if (!value.isTextual() && !listOfStrings) {
            throw TemplateException.invalid(
                    where + " must be a string or a list of strings (no functions in Mappings), not "
                            + Scope.describe(value));
        }
    }

    boolean declares(String map) {
        return maps != null && maps.has(map);
    }

    JsonNode lookup(String map, String topKey, String secondKey, Scope scope) {
        if (!declares(map)) {
            throw scope.fail("Fn::FindInMap: Mappings has no map " + map);
        }
        JsonNode top = maps.get(map).get(topKey);
        if (top == null) {
            throw scope.fail("Fn::FindInMap: map " + map + " has no key " + topKey);
        }
        JsonNode value = top.get(secondKey);
        if (value == null) {
            throw scope.fail("Fn::FindInMap: map " + map + " has no key " + topKey + "." + secondKey);
        }
        return value;
    }
}
