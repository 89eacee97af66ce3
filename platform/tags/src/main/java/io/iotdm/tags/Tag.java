package io.iotdm.tags;

/** A tag as the model spells it: {@code Key} and {@code Value}. */
public record Tag(String key, String value) {}
