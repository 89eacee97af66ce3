package io.iotdm.registry.shadow;

/**
 * What the caller keeps after a delete so a re-created shadow continues the version numbering.
 *
 * @param version   the version of the deleted document
 * @param deletedAt epoch seconds of the delete
 */
public record ShadowTombstone(long version, long deletedAt) {

    /** AWS: a shadow re-created within 48 hours of its deletion follows the deleted version. */
    static final long RETENTION_SECONDS = 48L * 60 * 60;

    /**
     * True once more than 48 hours have passed: a re-created shadow then starts over as if new, and the caller may
     * discard the tombstone.
     */
    public boolean expired(long nowEpochSeconds) {
        return nowEpochSeconds - deletedAt > RETENTION_SECONDS;
    }

    /** The version a re-created shadow counts from (AWS: "will be 0" after the window, so the first update is 1). */
    long baseVersion(long nowEpochSeconds) {
        return expired(nowEpochSeconds) ? 0 : version;
    }
}
