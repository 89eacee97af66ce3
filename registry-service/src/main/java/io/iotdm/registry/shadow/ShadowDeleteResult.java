package io.iotdm.registry.shadow;

/**
 * A delete: the {@code /delete/accepted} payload and the tombstone the caller stores in place of the document.
 *
 * @param accepted  {@code {"version":N,"timestamp":T}} (plus clientToken when the request had one)
 * @param tombstone keeps the version counter for a re-creation within 48 hours
 */
public record ShadowDeleteResult(byte[] accepted, ShadowTombstone tombstone) {}
