package io.iotdm.indexing.dynamic;

import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this instance's {@link DefinitionsConsumer} has applied to the percolator, group → newest revision and whether
 * that revision deleted the group. The percolator index itself is the shared truth (several instances write it);
 * this view only tells StreamMatches that a group it waits for was deleted (the percolator then has no document).
 */
@Singleton
class DefinitionsView {

    record Entry(long revision, boolean deleted) {}

    private final Map<String, Entry> groups = new ConcurrentHashMap<>();

    void applied(String group, long revision, boolean deleted) {
        groups.merge(group, new Entry(revision, deleted), (old, now) -> now.revision() >= old.revision() ? now : old);
    }

    /** Whether no group is known to exist (a hint: the percolator itself decides). */
    boolean noGroups() {
        return groups.values().stream().allMatch(Entry::deleted);
    }

    /** Whether the group is known deleted at {@code revision} or later. */
    boolean deletedSince(String group, long revision) {
        Entry entry = groups.get(group);
        return entry != null && entry.deleted() && entry.revision() >= revision;
    }
}
