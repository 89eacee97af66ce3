package io.iotdm.registry.shadow;

import java.util.Optional;

/**
 * An accepted update: the document to store and the compact JSON payloads to publish.
 *
 * @param document  the new stored state
 * @param accepted  {@code /update/accepted} (also the REST UpdateThingShadow response body)
 * @param delta     {@code /update/delta}, present when desired and reported differ after the update
 * @param documents {@code /update/documents}
 */
public record ShadowUpdateResult(ShadowDocument document, byte[] accepted, Optional<byte[]> delta, byte[] documents) {}
