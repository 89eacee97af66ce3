package io.iotdm.tags;

import java.util.List;
import java.util.Map;

/** A tag as the model spells it: {@code Key} and {@code Value}. */
public record Tag(String key, String value) {

    /** One tag per key of the map, in its order. */
    public static List<Tag> of(Map<String, String> tags) {
        return tags.entrySet().stream()
                .map(tag -> new Tag(tag.getKey(), tag.getValue()))
                .toList();
    }
}
