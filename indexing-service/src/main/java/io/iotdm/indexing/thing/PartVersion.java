package io.iotdm.indexing.thing;

/**
 * Where one change stands in the history of one part of a thing's document (its registry part, its classic shadow,
 * one named shadow). The same rule runs in Java, to keep only the newest change of a part within a batch, and in
 * OpenSearch ({@code index/versioned-part.painless}), against what the document already holds.
 *
 * <ol>
 *   <li><b>Generations</b> (shadows only, {@code generationGap > 0}): a shadow deleted and re-created more than 48 h
 *       later starts counting again at version 1. Its changes are the only ones that can be that far apart in time
 *       and still compare the wrong way by version, so a change more than {@code generationGap} newer (by
 *       timestamp) than the stored one is newer, one that much older is older, whatever their versions.
 *   <li><b>Versions</b>: otherwise the higher version is newer.
 *   <li><b>Deletion last</b>: a shadow's deletion carries the version of the document it deleted, so at equal
 *       versions a deletion is newer than the update it deleted.
 *   <li><b>Timestamp last</b>: at equal versions and deletion flags, the later timestamp (both known) is newer; equal
 *       otherwise: a duplicate, not newer. A duplicate of a registry or shadow change carries the same timestamp, so
 *       this only decides for the connectivity part.
 * </ol>
 *
 * The connectivity part ({@link ConnectivityDocuments}) maps presence events onto the same rules: version = the
 * event's {@code versionNumber} (monotonic per client id), deleted = disconnected. AWS gives a session's connect and
 * disconnect the same {@code versionNumber}, so rule 3 makes the disconnect win over the connect of its session
 * (whatever their timestamps or arrival order), and rule 4 orders two events of one kind for one version (a
 * redelivery, or clocks of two gateway nodes). It has no generations ({@code generationGap} 0).
 *
 * The registry part uses the registry's revision, a sequence that never restarts (it grows across delete and
 * re-create), so rule 2 alone orders it and a deletion at revision R wins over every older change.
 *
 * @param version   the registry revision, or the shadow version
 * @param timestamp when the change happened (epoch ms for registry events, epoch s for shadows); -1 if unknown,
 *                  which turns rule 1 off for that comparison
 * @param deleted   whether the change deleted the part
 */
public record PartVersion(long version, long timestamp, boolean deleted) {

    /** Whether {@code this} change comes after {@code stored} in the part's history. */
    public boolean isNewerThan(PartVersion stored, long generationGap) {
        if (generationGap > 0 && timestamp >= 0 && stored.timestamp >= 0) {
            long gap = timestamp - stored.timestamp;
            if (gap > generationGap) {
                return true;
            }
            if (gap < -generationGap) {
                return false;
            }
        }
        if (version != stored.version) {
            return version > stored.version;
        }
        if (deleted != stored.deleted) {
            return deleted;
        }
        return timestamp >= 0 && stored.timestamp >= 0 && timestamp > stored.timestamp;
    }
}
