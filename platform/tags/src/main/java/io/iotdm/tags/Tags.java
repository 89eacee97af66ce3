package io.iotdm.tags;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tag lists as requests carry them ({@code [{"Key": .., "Value": ..}]}). */
public final class Tags {

    private Tags() {}

    /** One tag per key, the last value given for a key winning (a list may repeat a key). */
    public static List<Tag> of(JsonNode tagList) {
        Map<String, String> tags = new LinkedHashMap<>();
        tagList.forEach(
                tag -> tags.put(tag.path("Key").asText(), tag.path("Value").asText("")));
        return Tag.of(tags);
    }
}
