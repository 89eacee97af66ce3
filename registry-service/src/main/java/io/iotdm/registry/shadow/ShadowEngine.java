package io.iotdm.registry.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * The Device Shadow service rules as pure functions: no I/O and no clock, the caller passes {@code now} (epoch
 * seconds) and stores what comes back. Stateless and thread-safe; the caller still has to serialize the
 * read-apply-store of one shadow (for example a compare-and-set on the stored version).
 */
public final class ShadowEngine {

    /** AWS default quota: desired plus reported, metadata excluded, compact UTF-8 JSON. */
    public static final int DEFAULT_MAX_STATE_BYTES = 8 * 1024;

    private final int maxStateBytes;

    public ShadowEngine() {
        this(DEFAULT_MAX_STATE_BYTES);
    }

    /** AWS raises the 8 KB document limit on request; a self-hosted deployment can do the same here. */
    public ShadowEngine(int maxStateBytes) {
        if (maxStateBytes <= 0) {
            throw new IllegalArgumentException("maxStateBytes must be positive: " + maxStateBytes);
        }
        this.maxStateBytes = maxStateBytes;
    }

    /**
     * Applies an update to a live shadow, or creates the shadow when {@code current} is empty.
     *
     * @throws ShadowException 409 on a version mismatch, 413 when the merged state exceeds the size limit
     */
    public ShadowUpdateResult apply(Optional<ShadowDocument> current, ShadowUpdate update, long nowEpochSeconds) {
        ShadowDocument previous = current.orElse(null);
        return update(previous, previous == null ? 0 : previous.version(), update, nowEpochSeconds);
    }

    /** Creates a shadow where a deleted one was: within 48 hours the numbering continues from the deleted version. */
    public ShadowUpdateResult recreate(ShadowTombstone deleted, ShadowUpdate update, long nowEpochSeconds) {
        return update(null, deleted.baseVersion(nowEpochSeconds), update, nowEpochSeconds);
    }

    /**
     * The GET document: {@code state{desired?, reported?, delta?}, metadata{desired?, reported?}, version,
     * timestamp} where timestamp is the response time, as AWS does.
     *
     * @param clientToken the request's token (see {@link ClientToken#fromRequest}), or null
     */
    public byte[] get(ShadowDocument document, long nowEpochSeconds, String clientToken) {
        ObjectNode state = document.stateNode();
        ShadowDelta.Delta delta = ShadowDelta.of(document);
        if (!delta.isEmpty()) {
            state.set("delta", delta.state());
        }
        ObjectNode body = ShadowJson.object();
        body.set("state", state);
        body.set("metadata", document.metadataNode());
        return write(body, document.version(), nowEpochSeconds, clientToken);
    }

    /**
     * Deletes a shadow. The version is not reset: the tombstone carries it so that a re-creation within 48 hours
     * continues from it ({@link #recreate}); after that the caller may drop the tombstone and use {@link #apply}.
     */
    public ShadowDeleteResult delete(ShadowDocument document, long nowEpochSeconds, String clientToken) {
        byte[] accepted = write(ShadowJson.object(), document.version(), nowEpochSeconds, clientToken);
        return new ShadowDeleteResult(accepted, new ShadowTombstone(document.version(), nowEpochSeconds));
    }

    private ShadowUpdateResult update(ShadowDocument previous, long storedVersion, ShadowUpdate update, long now) {
        String token = update.token();
        if (update.version().isPresent() && update.version().getAsLong() != storedVersion) {
            throw new ShadowException(409, "Version conflict", token);
        }
        ObjectNode leaf = ShadowJson.timestampLeaf(now);
        ShadowMerge.Section desired = ShadowMerge.Section.EMPTY;
        ShadowMerge.Section reported = ShadowMerge.Section.EMPTY;
        if (!update.clearsState()) {
            desired = merged(previous == null ? null : previous.desiredSection(), update.desired(), leaf);
            reported = merged(previous == null ? null : previous.reportedSection(), update.reported(), leaf);
        }
        if (size(desired) + size(reported) > maxStateBytes) {
            throw new ShadowException(413, "The payload exceeds the maximum size allowed", token);
        }
        ShadowDocument next = new ShadowDocument(desired, reported, storedVersion + 1, now);

        ObjectNode accepted = ShadowJson.object();
        accepted.set("state", update.sentState());
        accepted.set("metadata", ShadowMerge.mirror(update.sentState(), leaf));

        ShadowDelta.Delta delta = ShadowDelta.of(next);
        Optional<byte[]> deltaPayload = Optional.empty();
        if (!delta.isEmpty()) {
            ObjectNode body = ShadowJson.object();
            body.set("state", delta.state());
            body.set("metadata", delta.metadata());
            deltaPayload = Optional.of(write(body, next.version(), now, token));
        }

        ObjectNode documents = ShadowJson.object();
        // A new (or re-created) shadow has no previous document; AWS's local shadow service sends null.
        documents.set("previous", previous == null ? NullNode.getInstance() : previous.snapshot());
        documents.set("current", next.snapshot());
        documents.put("timestamp", now);
        if (token != null) {
            documents.put("clientToken", token);
        }
        return new ShadowUpdateResult(
                next, write(accepted, next.version(), now, token), deltaPayload, ShadowJson.write(documents));
    }

    private static ShadowMerge.Section merged(ShadowMerge.Section stored, JsonNode patch, ObjectNode leaf) {
        ShadowMerge.Section base = stored == null ? ShadowMerge.Section.EMPTY : stored;
        return patch == null ? base : ShadowMerge.apply(base, patch, leaf);
    }

    private static int size(ShadowMerge.Section section) {
        return section.state() == null ? 0 : ShadowJson.write(section.state()).length;
    }

    private static byte[] write(ObjectNode body, long version, long now, String clientToken) {
        body.put("version", version);
        body.put("timestamp", now);
        if (clientToken != null) {
            body.put("clientToken", clientToken);
        }
        return ShadowJson.write(body);
    }
}
