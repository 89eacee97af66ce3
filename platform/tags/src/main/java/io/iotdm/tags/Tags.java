package io.iotdm.tags;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Tag lists as requests carry them ({@code [{"Key": .., "Value": ..}]}). */
public final class Tags {

    private Tags() {}

    public static List<Tag> of(JsonNode tagList) {
        List<Tag> tags = new ArrayList<>();
        tagList.forEach(tag ->
                tags.add(new Tag(tag.path("Key").asText(), tag.path("Value").asText(""))));
        return tags;
    }
}
