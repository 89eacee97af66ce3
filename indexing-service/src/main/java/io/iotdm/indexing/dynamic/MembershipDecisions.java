package io.iotdm.indexing.dynamic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.events.DynamicGroupMessages.Decision;
import io.iotdm.events.DynamicGroupMessages.Verdict;
import io.iotdm.indexing.index.ThingIndex;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Decides the dynamic-group memberships of the thing documents a bulk wrote to the live thing index: percolates the
 * live ones in one request against every stored group query, compares each result with the last one published for
 * the thing ({@link StoredResult}, on its document), publishes a {@link Decision} for each thing whose result changed
 * and then records the new result on the document, conditionally on the document's sequence number and primary term
 * (a conflict means a newer change, which is percolated in turn). A thing whose document is not live (deleted in the
 * registry) is decided as deleted: every group with {@code matches: false}.
 *
 * <p>A write that changed only the thing's group memberships (its {@code thingGroupNames}, from group-service's own
 * membership events) is percolated only while some query reads memberships: otherwise its verdicts cannot have
 * changed, and deciding it again would only echo every join back to group-service (a backfill's 100,000 joins would
 * come back as 100,000 decisions). Whether some query reads them is known from the listing that goes with each
 * percolation; the last one tells whether to send such documents along, and when a new group turns it on, they are
 * percolated in a second request.
 *
 * <p>Publish first, record second: a crash in between publishes the decision again (group-service is idempotent),
 * never loses it. A result that could not be recorded (the consumer wrote the thing's next change meanwhile: it writes
 * the next batch while this one is decided; or OpenSearch failed) is kept in memory and wins over the document's own,
 * until a later call records it: else a thing flipping back to the state its document still shows would not be
 * decided. Forgotten when the consumer's partitions move (another instance may decide those things meanwhile). The caller decides the same things again when this throws.
 */
@Singleton
public class MembershipDecisions {

    private static final Logger LOG = Logger.getLogger(MembershipDecisions.class);

    private final PercolatorRepository percolator;
    private final DecisionPublisher publisher;
    private final Engine engine;
    private final DefinitionsView view;

    private final AtomicLong percolated = new AtomicLong();
    private final AtomicLong membershipsOnly = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong percolateMillis = new AtomicLong();
    private final AtomicLong publishMillis = new AtomicLong();
    private final AtomicLong recordMillis = new AtomicLong();
    /** Whether the last listing had a query that reads memberships (until there is one, assume so). */
    private volatile boolean membershipsRead = true;
    /** Results published or confirmed but not recorded on their documents yet, by thing. */
    private final Map<String, StoredResult> unrecorded = new ConcurrentHashMap<>();

    MembershipDecisions(
            PercolatorRepository percolator, DecisionPublisher publisher, Engine engine, DefinitionsView view) {
        this.percolator = percolator;
        this.publisher = publisher;
        this.engine = engine;
        this.view = view;
    }

    /** Things percolated and decisions published since the start, for the health data. */
    public Map<String, Long> counters() {
        return Map.of(
                "percolatedThings", percolated.get(),
                "membershipChangesNotPercolated", membershipsOnly.get(),
                "publishedDecisions", published.get(),
                "percolateMillis", percolateMillis.get(),
                "publishMillis", publishMillis.get(),
                "recordMillis", recordMillis.get());
    }

    /** The consumer's partitions moved: another instance may decide their things meanwhile. */
    public void forgetUnrecorded() {
        unrecorded.clear();
    }

    /** @throws IOException when percolating or publishing failed: nothing is recorded, decide the things again */
    public void decide(List<IndexedThing> written) throws IOException {
        if (written.isEmpty()) {
            return;
        }
        // several parts of one thing in a bulk: its last write is its document
        Map<String, IndexedThing> latest = new LinkedHashMap<>();
        for (IndexedThing thing : written) {
            latest.merge(thing.id(), thing, IndexedThing::and);
        }
        // the common case of no dynamic groups at all: a cheap listing instead of parsing every document in OpenSearch
        if (view.noGroups() && latest.values().stream().allMatch(thing -> StoredResult.of(thing.source()) == null)) {
            if (percolator.groups().isEmpty()) {
                return; // nothing to decide and nothing decided before
            }
        }
        List<IndexedThing> live = new ArrayList<>();
        List<IndexedThing> gone = new ArrayList<>();
        List<IndexedThing> onlyMemberships = new ArrayList<>();
        boolean sendMemberships = membershipsRead;
        for (IndexedThing thing : latest.values()) {
            if (thing.membershipsOnly() && !thing.live()) {
                continue; // deleted, or its registry part has not arrived: in no dynamic group whatever its groups
            }
            if (thing.membershipsOnly() && !sendMemberships) {
                onlyMemberships.add(thing);
            } else {
                (thing.live() ? live : gone).add(thing);
            }
        }

        long started = System.nanoTime();
        PercolatorRepository.Percolation percolation = percolator.percolate(documents(live));
        Map<String, Long> groups = percolation.groups();
        List<Map<String, Long>> matches = new ArrayList<>(percolation.matches());
        membershipsRead = percolation.membershipsRead();
        if (percolation.membershipsRead() && !onlyMemberships.isEmpty()) {
            // a group that reads memberships appeared since the last listing
            matches.addAll(percolator.percolate(documents(onlyMemberships)).matches());
            live.addAll(onlyMemberships);
            onlyMemberships.clear();
        }
        percolated.addAndGet(live.size());
        membershipsOnly.addAndGet(onlyMemberships.size());
        percolateMillis.addAndGet(millisSince(started));

        List<Decision> decisions = new ArrayList<>();
        List<IndexedThing> recorded = new ArrayList<>();
        List<StoredResult> results = new ArrayList<>();
        Map<String, StoredResult> earlier = Map.copyOf(unrecorded);
        for (int i = 0; i < live.size(); i++) {
            decide(live.get(i), earlier, groups, matches.get(i), decisions, recorded, results);
        }
        for (IndexedThing thing : gone) {
            decide(thing, earlier, groups, Map.of(), decisions, recorded, results);
        }
        LOG.debugf(
                "Percolated %d live and %d deleted things against %d groups: %d decisions",
                live.size(), gone.size(), groups.size(), decisions.size());
        if (!decisions.isEmpty()) {
            started = System.nanoTime();
            publisher.publish(decisions);
            published.addAndGet(decisions.size());
            publishMillis.addAndGet(millisSince(started));
        }
        if (!recorded.isEmpty()) {
            started = System.nanoTime();
            Set<String> done = record(recorded, results);
            for (int i = 0; i < recorded.size(); i++) {
                String id = recorded.get(i).id();
                if (done.contains(id)) {
                    unrecorded.remove(id);
                } else {
                    unrecorded.put(id, results.get(i));
                }
            }
            recordMillis.addAndGet(millisSince(started));
        }
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static void decide(
            IndexedThing thing,
            Map<String, StoredResult> earlier,
            Map<String, Long> groups,
            Map<String, Long> matched,
            List<Decision> decisions,
            List<IndexedThing> recorded,
            List<StoredResult> results) {
        // every group the percolator held; one stored between the listing and the percolation is named by its match
        Map<String, Long> known = new TreeMap<>(groups);
        matched.forEach((group, revision) -> known.merge(group, revision, Math::max));
        boolean deleted = !thing.live();
        StoredResult now = new StoredResult(StoredResult.fingerprint(known), deleted, deleted ? Map.of() : matched);
        StoredResult onDocument = StoredResult.of(thing.source());
        StoredResult before = earlier.getOrDefault(thing.id(), onDocument);
        if (before == null ? known.isEmpty() : before.equals(now)) {
            if (before != null && !before.equals(onDocument)) {
                recorded.add(thing); // said already, not on the document yet
                results.add(now);
            }
            return; // nothing to say, or said already
        }
        Map<String, Verdict> verdicts = new TreeMap<>();
        known.forEach((group, revision) -> {
            Long match = deleted ? null : matched.get(group);
            verdicts.put(group, match == null ? new Verdict(revision, false) : new Verdict(match, true));
        });
        decisions.add(new Decision(
                thing.id(), thing.source().path(ThingIndex.THING_ID).asText(""), thing.version(), deleted, verdicts));
        recorded.add(thing);
        results.add(now);
    }

    /**
     * Records the results on the documents, each only if the document is still the one percolated.
     *
     * @return the ids of the documents recorded
     */
    private Set<String> record(List<IndexedThing> things, List<StoredResult> results) {
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < things.size(); i++) {
            IndexedThing thing = things.get(i);
            ObjectNode action = Engine.JSON.createObjectNode();
            action.putObject("update")
                    .put("_index", thing.index())
                    .put("_id", thing.id())
                    .put("if_seq_no", thing.seqNo())
                    .put("if_primary_term", thing.primaryTerm());
            ObjectNode doc = Engine.JSON.createObjectNode();
            doc.putObject("doc").put(StoredResult.FIELD, results.get(i).toJson());
            bulk.append(action).append('\n').append(doc).append('\n');
        }
        try {
            Engine.Answer answer = engine.ndjson("/_bulk", Map.of(), bulk.toString());
            if (!answer.ok()) {
                LOG.warnf(
                        "Recording %d membership results failed: %d %s", things.size(), answer.status(), answer.body());
                return Set.of();
            }
            Set<String> recorded = new HashSet<>();
            for (var item : answer.body().path("items")) {
                var result = item.path("update");
                int status = result.path("status").asInt();
                if (status < 300) {
                    recorded.add(result.path("_id").asText());
                } else if (status != 409) { // 409: a newer change of the thing, written meanwhile
                    LOG.warnf(
                            "Recording the membership result of %s failed: %s",
                            result.path("_id").asText(), result.path("error"));
                }
            }
            return recorded;
        } catch (IOException e) {
            // the decisions are out; the results stay in memory until a later call records them
            LOG.warnf("Recording %d membership results failed: %s", things.size(), e.toString());
            return Set.of();
        }
    }

    private static List<ObjectNode> documents(List<IndexedThing> things) {
        return things.stream().map(MembershipDecisions::percolated).toList();
    }

    /** The document as the percolator reads it: its own field names, without the stored result. */
    private static ObjectNode percolated(IndexedThing thing) {
        ObjectNode document = PercolatorIndex.document(thing.source());
        document.remove(PercolatorIndex.field(StoredResult.FIELD));
        return document;
    }
}
