package io.iotdm.indexing.thing;

import io.iotdm.indexing.index.ThingIndex;
import java.util.List;
import java.util.Map;

/**
 * One independently versioned part of a thing's document. A change replaces the whole part: the fields under
 * {@code removePrefixes} and {@code removeKeys} go, the change's fields come in, and {@code <sync>version},
 * {@code <sync>timestamp}, {@code <sync>deleted} record where the part now stands (see {@link PartVersion}).
 *
 * <p>Why parts, rather than one OpenSearch external version per document: the registry's revision and each shadow's
 * version are separate sequences, so no single number orders every change of a document; and why one document with
 * parts, rather than one document per source: AWS queries combine registry and shadow fields in one boolean
 * expression ({@code attributes.model:x AND shadow.reported.temp > 30}), which a per-source layout could only answer
 * with joins. The check and the replacement run in one scripted update, which OpenSearch applies atomically per
 * document (re-running it on a concurrent write, {@code retry_on_conflict}), so parts fed by different consumers stay
 * consistent.
 *
 * @param name           for logs: {@code registry}, {@code shadow}, {@code shadow:<name>}
 * @param sync           prefix of this part's bookkeeping fields
 * @param generationGap  seconds that separate two generations of this part, 0 if it has none ({@link PartVersion})
 * @param removePrefixes fields that belong to this part, by prefix
 * @param removeKeys     fields that belong to this part, by name
 * @param defaults       fields set when the document lacks them (a new document, or one another part started)
 */
public record Part(
        String name,
        String sync,
        long generationGap,
        List<String> removePrefixes,
        List<String> removeKeys,
        Map<String, Object> defaults) {

    /** AWS: a shadow re-created within 48 hours of its deletion continues its version; later it starts over. */
    public static final long SHADOW_GENERATION_GAP_SECONDS = 48L * 60 * 60;

    private static final Part REGISTRY = new Part(
            "registry",
            "sync.registry.",
            0,
            List.of(ThingIndex.ATTRIBUTES, ThingIndex.numeric(ThingIndex.ATTRIBUTES)),
            List.of(ThingIndex.THING_ID, ThingIndex.THING_TYPE_NAME, ThingIndex.REGISTRY_VERSION),
            // never-connected things show connected:false (AWS); presence events will own this field
            Map.of(ThingIndex.CONNECTED, false));

    private static final Part CONNECTIVITY = new Part(
            "connectivity",
            "sync.connectivity.",
            0,
            List.of(),
            List.of(ThingIndex.CONNECTED, ThingIndex.CONNECTIVITY_TIMESTAMP, ThingIndex.DISCONNECT_REASON),
            Map.of(ThingIndex.LIVE, false));

    /** connectivity.connected, connectivity.timestamp, connectivity.disconnectReason, from presence events. */
    public static Part connectivity() {
        return CONNECTIVITY;
    }

    /** thingName, thingId, thingTypeName, attributes, registry.version and live. */
    public static Part registry() {
        return REGISTRY;
    }

    /** The classic shadow ({@code shadowName == null}) or a named one. */
    public static Part shadow(String shadowName) {
        String prefix = ThingIndex.shadowPrefix(shadowName);
        List<String> prefixes = shadowName == null
                ? List.of(
                        prefix + "desired.",
                        prefix + "reported.",
                        prefix + "delta.",
                        ThingIndex.numeric(prefix + "desired."),
                        ThingIndex.numeric(prefix + "reported."),
                        ThingIndex.numeric(prefix + "delta."))
                : List.of(prefix, ThingIndex.numeric(prefix));
        List<String> keys = shadowName == null
                ? List.of(prefix + "version", prefix + "hasDelta", ThingIndex.shadowDocument(null))
                : List.of(ThingIndex.shadowDocument(shadowName));
        return new Part(
                shadowName == null ? "shadow" : "shadow:" + shadowName,
                shadowName == null ? "sync.shadow." : "sync.shadow.name." + shadowName + ".",
                SHADOW_GENERATION_GAP_SECONDS,
                prefixes,
                keys,
                Map.of(ThingIndex.LIVE, false));
    }
}
