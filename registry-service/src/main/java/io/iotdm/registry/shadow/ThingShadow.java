package io.iotdm.registry.shadow;

/**
 * A live shadow of a thing.
 *
 * @param shadowName {@code null} for the classic shadow
 */
public record ThingShadow(String thingName, String shadowName, ShadowDocument document) {}
