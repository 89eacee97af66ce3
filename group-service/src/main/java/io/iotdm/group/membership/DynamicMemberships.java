package io.iotdm.group.membership;

import io.iotdm.events.DynamicGroupMessages.Decision;
import io.iotdm.events.DynamicGroupMessages.DocumentVersion;
import io.iotdm.events.DynamicGroupMessages.Verdict;
import io.iotdm.events.Event;
import io.iotdm.group.GroupConfig;
import io.iotdm.group.thinggroup.ThingGroup;
import io.iotdm.group.thinggroup.ThingGroupRepository;
import io.iotdm.outbox.Outcome;
import io.iotdm.outbox.TransactionalOutbox;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Dynamic group memberships (docs/aws-behaviour.md §1.5): the indexing-service's verdicts (a {@link Decision}, or a
 * backfill's match) are kept per thing ({@code thing_verdict}) with the version of the thing document they came from,
 * and a thing's dynamic memberships are reconciled with them: a thing joins the dynamic groups whose current query
 * it matches and leaves those it no longer matches, within the limit of groups per thing, where older dynamic groups
 * win. A verdict for a revision of a group's query other than the current one is kept but not acted on: the group's
 * backfill decides.
 *
 * <p>Locks follow {@link ThingGroupRepository}'s order: the groups involved (FOR KEY SHARE, in name order), then the
 * thing's advisory lock.
 */
@ApplicationScoped
public class DynamicMemberships {

    private static final Logger LOG = Logger.getLogger(DynamicMemberships.class);
    /** Things whose verdicts a sweep step rewrites: row locks only, which PostgreSQL keeps on the rows. */
    private static final int SWEEP_BATCH = 1000;

    private static final String COLUMNS = "thing_name, group_name, thing_id, membership_id, revision, query_revision";
    private static final String REMOVED = "thing_name, group_name, thing_id, membership_id,"
            + " nextval('group_revision') AS revision, query_revision";

    private final TransactionalOutbox outbox;
    private final ThingGroupRepository groups;
    private final MembershipRepository memberships;
    private final MembershipEvents events;
    private final GroupConfig config;
    private final Clock clock;

    DynamicMemberships(
            TransactionalOutbox outbox,
            ThingGroupRepository groups,
            MembershipRepository memberships,
            MembershipEvents events,
            GroupConfig config,
            Clock clock) {
        this.outbox = outbox;
        this.groups = groups;
        this.memberships = memberships;
        this.events = events;
        this.config = config;
        this.clock = clock;
    }

    /** The verdicts last applied for a thing. */
    public record Verdicts(String thingId, DocumentVersion version, Map<String, Verdict> groups) {

        public Verdicts {
            groups = Map.copyOf(groups);
        }
    }

    /** A membership with the query revision that confirmed it ({@code null} for a static one). */
    record MembershipRow(Membership membership, Long queryRevision) {}

    /** A thing that a backfill found matching. */
    public record Match(String thingName, String thingId, DocumentVersion version) {}

    /**
     * Applies a decision of the indexing-service.
     *
     * @return whether it was applied (not stale, not of a deleted thing)
     */
    public Uni<Boolean> apply(Decision decision) {
        Instant now = now();
        String thingName = decision.thingName();
        return outbox.commit(transaction -> lockGroupsOf(transaction, List.of(thingName), matching(decision.groups()))
                .chain(() -> memberships.lockThing(transaction, thingName))
                .chain(() -> memberships.deleted(transaction, decision.thingId()))
                .chain(deleted -> {
                    if (deleted) {
                        return Uni.createFrom().item(Outcome.of(false));
                    }
                    return verdicts(transaction, thingName).chain(stored -> {
                        // an older document is ignored; the same one again (a redelivery) applies harmlessly
                        if (stored != null && decision.version().compareTo(stored.version()) < 0) {
                            return Uni.createFrom().item(Outcome.of(false));
                        }
                        Verdicts applied = new Verdicts(
                                decision.thingId(),
                                decision.version(),
                                decision.thingDeleted() ? Map.of() : decision.groups());
                        List<Event> changed = new ArrayList<>();
                        Uni<Void> leaving = decision.thingDeleted()
                                ? leaveAllDynamic(transaction, thingName, changed, now)
                                : Uni.createFrom().voidItem();
                        return leaving.chain(() -> save(transaction, thingName, applied))
                                .chain(() -> reconcile(transaction, thingName, applied, changed, now))
                                .map(ignored -> new Outcome<>(true, changed));
                    });
                }));
    }

    /**
     * Applies one page of a backfill's matches for a group at a query revision, in one transaction: each match is a
     * matching verdict for that group, unless the thing's last applied document is newer.
     *
     * @return {@code false} when the group no longer has that query revision (the backfill is superseded)
     */
    public Uni<Boolean> applyMatches(String groupName, long queryRevision, List<Match> matches) {
        Instant now = now();
        List<Match> ordered = new ArrayList<>(matches);
        ordered.sort(Comparator.comparing(Match::thingName));
        List<String> thingNames = ordered.stream().map(Match::thingName).toList();
        return outbox.commit(transaction -> lockGroupsOf(transaction, thingNames, List.of(groupName))
                .chain(locked -> {
                    ThingGroup group = locked.get(groupName);
                    if (group == null || !group.isDynamic() || group.dynamic().queryRevision() != queryRevision) {
                        return Uni.createFrom().item(Outcome.of(false));
                    }
                    List<Event> changed = new ArrayList<>();
                    return memberships
                            .lockThings(transaction, thingNames)
                            .chain(() -> newcomers(transaction, ordered, group))
                            .chain(newcomers -> joinNewcomers(
                                            transaction,
                                            group,
                                            ordered.stream()
                                                    .filter(match -> newcomers.contains(match.thingName()))
                                                    .toList(),
                                            changed,
                                            now)
                                    .chain(() -> inTurn(
                                            ordered.stream()
                                                    .filter(match -> !newcomers.contains(match.thingName()))
                                                    .toList(),
                                            match -> applyMatch(
                                                    transaction, groupName, queryRevision, match, changed, now))))
                            .map(ignored -> new Outcome<>(true, changed));
                }));
    }

    /**
     * The matched things that join the group with nothing to weigh: not deleted, not in the group yet, below the
     * limit of groups, and whose applied verdicts (if any) are of the same thing, of an older document, and match no
     * existing group (so none waits for a slot). Most of a backfill; their joins are a few statements per page.
     */
    private Uni<java.util.Set<String>> newcomers(SqlClient transaction, List<Match> matches, ThingGroup group) {
        return transaction
                .preparedQuery("SELECT m.n FROM unnest($1::text[], $2::text[], $5::bigint[], $6::bigint[],"
                        + " $7::bigint[]) AS m(n, id, g, p, s)"
                        // each condition a subquery per match (looked up by thing), never a join: joins were planned
                        // from statistics taken before the backfill (a group of few members, few verdicts) and then
                        // scanned all of the group's members, or every verdict, for each page: up to 5 s a page
                        + " WHERE NOT EXISTS (SELECT 1 FROM deleted_thing d WHERE d.thing_id = m.id)"
                        + " AND (SELECT NOT (v.thing_id <> m.id OR (v.generation, v.primary_term, v.seq_no) >"
                        + " (m.g, m.p, m.s) OR EXISTS (SELECT 1 FROM jsonb_each(v.verdicts) AS e JOIN thing_group t"
                        + " ON t.name = e.key WHERE (e.value ->> 'matches')::boolean)) FROM thing_verdict v"
                        + " WHERE v.thing_name = m.n) IS NOT FALSE"
                        + " AND (SELECT count(*) FILTER (WHERE x.group_name = $3) = 0 AND count(*) < $4"
                        + " FROM membership x WHERE x.thing_name = m.n)")
                .execute(Tuple.tuple()
                        .addArrayOfString(matches.stream().map(Match::thingName).toArray(String[]::new))
                        .addArrayOfString(matches.stream().map(Match::thingId).toArray(String[]::new))
                        .addString(group.name())
                        .addInteger(config.limits().maxGroupsPerThing())
                        .addArrayOfLong(versions(matches, DocumentVersion::generation))
                        .addArrayOfLong(versions(matches, DocumentVersion::primaryTerm))
                        .addArrayOfLong(versions(matches, DocumentVersion::seqNo)))
                .map(rows -> new java.util.HashSet<>(names(rows)));
    }

    private static Long[] versions(List<Match> matches, java.util.function.ToLongFunction<DocumentVersion> part) {
        return matches.stream().map(match -> part.applyAsLong(match.version())).toArray(Long[]::new);
    }

    /** Newcomers join: their verdict for the group, their memberships and events, in one statement each. */
    private Uni<Void> joinNewcomers(
            SqlClient transaction, ThingGroup group, List<Match> newcomers, List<Event> changed, Instant at) {
        if (newcomers.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        long revision = group.dynamic().queryRevision();
        JsonObject verdicts = new JsonObject()
                .put(group.name(), new JsonObject().put("revision", revision).put("matches", true));
        String[] names = newcomers.stream().map(Match::thingName).toArray(String[]::new);
        String[] ids = newcomers.stream().map(Match::thingId).toArray(String[]::new);
        return transaction
                // a newcomer's earlier verdicts (of groups it does not match) stay, with the match's document version
                .preparedQuery("INSERT INTO thing_verdict (thing_name, thing_id, generation, primary_term, seq_no,"
                        + " verdicts) SELECT n, id, g, p, s, $6::jsonb FROM unnest($1::text[], $2::text[],"
                        + " $3::bigint[], $4::bigint[], $5::bigint[]) AS m(n, id, g, p, s) ON CONFLICT (thing_name) DO"
                        + " UPDATE SET generation = EXCLUDED.generation, primary_term = EXCLUDED.primary_term,"
                        + " seq_no = EXCLUDED.seq_no, verdicts = thing_verdict.verdicts || EXCLUDED.verdicts")
                .execute(Tuple.tuple()
                        .addArrayOfString(names)
                        .addArrayOfString(ids)
                        .addArrayOfLong(versions(newcomers, DocumentVersion::generation))
                        .addArrayOfLong(versions(newcomers, DocumentVersion::primaryTerm))
                        .addArrayOfLong(versions(newcomers, DocumentVersion::seqNo))
                        .addValue(verdicts))
                .chain(() -> transaction
                        .preparedQuery("INSERT INTO membership (" + COLUMNS + ") SELECT n, $3, id,"
                                + " gen_random_uuid()::text, nextval('group_revision'), $4 FROM"
                                + " unnest($1::text[], $2::text[]) AS m(n, id) RETURNING " + COLUMNS)
                        .execute(Tuple.tuple()
                                .addArrayOfString(names)
                                .addArrayOfString(ids)
                                .addString(group.name())
                                .addLong(revision)))
                .invoke(rows -> {
                    List<Membership> joined = new ArrayList<>();
                    rows.forEach(row -> joined.add(row(row).membership()));
                    joined.sort(Comparator.comparingLong(Membership::revision));
                    joined.forEach(membership -> changed.add(events.added(membership, group, at)));
                })
                .replaceWithVoid();
    }

    /**
     * Ends a backfill: the members of the group not confirmed under its current query leave it, a batch of them per
     * transaction, and it becomes ACTIVE — only if the group still has the query revision that was backfilled.
     *
     * @return whether the group became ACTIVE
     */
    public Uni<Boolean> finishBackfill(String groupName, long queryRevision) {
        int batch = config.removalBatchSize();
        // each step: null while unconfirmed members remain, then whether the group became ACTIVE
        return Multi.createBy()
                .repeating()
                .uni(() -> outbox.commit(transaction -> groups.lockForUpdate(transaction, groupName)
                        .chain(group -> {
                            if (group == null
                                    || !group.isDynamic()
                                    || group.dynamic().queryRevision() != queryRevision
                                    || ThingGroup.Dynamic.ACTIVE.equals(
                                            group.dynamic().status())) {
                                return Uni.createFrom().item(Outcome.of(Optional.of(false)));
                            }
                            List<Event> changed = new ArrayList<>();
                            return removeMembers(
                                            transaction,
                                            group,
                                            "AND (query_revision IS NULL OR query_revision < " + queryRevision + ")",
                                            batch,
                                            changed,
                                            now())
                                    .chain(picked -> picked.size() < batch
                                            ? groups.activate(transaction, groupName)
                                                    .replaceWith(Optional.of(true))
                                            : Uni.createFrom().item(Optional.<Boolean>empty()))
                                    .map(activated -> new Outcome<>(activated, changed));
                        })))
                .whilst(Optional::isEmpty)
                .collect()
                .last()
                .map(Optional::orElseThrow);
    }

    /**
     * Removes at most {@code batch} members of a group that is being deleted (locked FOR UPDATE), with events, and
     * lets each of them join the dynamic groups that were waiting for a free slot.
     *
     * @return how many were picked to leave: fewer than {@code batch} when no other member is left
     */
    public Uni<Integer> removeMembers(
            SqlClient transaction, ThingGroup group, int batch, List<Event> changed, Instant at) {
        return removeMembers(transaction, group, "", batch, changed, at).map(List::size);
    }

    /**
     * A dynamic group of this name was deleted with this revision: its verdicts (those of revisions up to it, not
     * those of a group created later under the same name) are forgotten in the background ({@link #sweepVerdicts}).
     */
    public Uni<Void> forgetVerdicts(SqlClient transaction, String groupName, long upToRevision) {
        return transaction
                .preparedQuery("INSERT INTO verdict_sweep (group_name, up_to_revision) VALUES ($1, $2)"
                        + " ON CONFLICT DO NOTHING")
                .execute(Tuple.of(groupName, upToRevision))
                .replaceWithVoid();
    }

    /**
     * Forgets the verdicts of deleted groups in a batch of things, in one transaction: the sweeps that stand at the
     * same thing go through the batch together (deleting 100 groups at once is one pass over the verdicts, not 100). A
     * verdict written back by a decision taken meanwhile is not acted on: its group is gone.
     *
     * @return whether verdicts of deleted groups may remain
     */
    public Uni<Boolean> sweepVerdicts(Pool pool) {
        return pool.withTransaction(transaction -> transaction
                .preparedQuery("SELECT group_name, up_to_revision, after_thing FROM verdict_sweep WHERE after_thing ="
                        + " (SELECT min(after_thing) FROM verdict_sweep) ORDER BY group_name, up_to_revision LIMIT"
                        + " 1000 FOR UPDATE SKIP LOCKED")
                .execute()
                .chain(sweeps -> {
                    if (!sweeps.iterator().hasNext()) {
                        return Uni.createFrom().item(false);
                    }
                    List<String> names = new ArrayList<>();
                    List<Long> upTo = new ArrayList<>();
                    String after = null;
                    for (Row sweep : sweeps) {
                        names.add(sweep.getString("group_name"));
                        upTo.add(sweep.getLong("up_to_revision"));
                        after = sweep.getString("after_thing");
                    }
                    Tuple sweeping = Tuple.tuple()
                            .addArrayOfString(names.toArray(String[]::new))
                            .addArrayOfLong(upTo.toArray(Long[]::new));
                    return transaction
                            .preparedQuery("WITH sweep AS (SELECT * FROM unnest($1::text[], $2::bigint[]) AS s(name,"
                                    + " up_to)), batch AS (SELECT thing_name FROM thing_verdict WHERE thing_name > $3"
                                    + " ORDER BY thing_name LIMIT $4), swept AS (UPDATE thing_verdict v SET verdicts ="
                                    + " v.verdicts - ARRAY(SELECT s.name FROM sweep s WHERE (v.verdicts -> s.name ->>"
                                    + " 'revision')::bigint <= s.up_to) FROM batch WHERE v.thing_name ="
                                    + " batch.thing_name AND v.verdicts ?| $1::text[]) SELECT count(*),"
                                    + " max(thing_name) FROM batch")
                            .execute(Tuple.tuple()
                                    .addArrayOfString(names.toArray(String[]::new))
                                    .addArrayOfLong(upTo.toArray(Long[]::new))
                                    .addString(after)
                                    .addInteger(SWEEP_BATCH))
                            .chain(swept -> {
                                Row row = swept.iterator().next();
                                Uni<RowSet<Row>> progress = row.getLong(0) < SWEEP_BATCH
                                        ? transaction
                                                .preparedQuery("DELETE FROM verdict_sweep WHERE (group_name,"
                                                        + " up_to_revision) IN (SELECT * FROM unnest($1::text[],"
                                                        + " $2::bigint[]))")
                                                .execute(sweeping)
                                        : transaction
                                                .preparedQuery("UPDATE verdict_sweep SET after_thing = $3 WHERE"
                                                        + " (group_name, up_to_revision) IN (SELECT * FROM"
                                                        + " unnest($1::text[], $2::bigint[]))")
                                                .execute(sweeping.addString(row.getString(1)));
                                return progress.replaceWith(true);
                            });
                }));
    }

    /**
     * The thing just left groups (a static removal): it joins the dynamic groups that it matches and waits for. Hold
     * the thing's lock and the locks of {@link #groupsToLock} first.
     *
     * @param thingId the thing's current id: verdicts of another thing of the same name are not acted on
     */
    public Uni<Void> refill(SqlClient transaction, String thingName, String thingId, List<Event> changed, Instant at) {
        return verdicts(transaction, thingName).chain(stored -> {
            if (stored == null
                    || !stored.thingId().equals(thingId)
                    || stored.groups().isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return reconcile(transaction, thingName, stored, changed, at);
        });
    }

    /**
     * The names of the groups that a change of these things' dynamic memberships may touch: a thing joins only groups
     * it matches and leaves only its own (verdicts that do not match, which name every group, deleted ones too, lock
     * nothing).
     */
    public Uni<List<String>> groupsToLock(SqlClient client, Collection<String> thingNames) {
        return client.preparedQuery("SELECT DISTINCT name FROM (SELECT e.key AS name FROM thing_verdict v,"
                        + " jsonb_each(v.verdicts) AS e WHERE v.thing_name = ANY($1) AND (e.value ->> 'matches')::boolean"
                        + " UNION SELECT group_name FROM membership WHERE thing_name = ANY($1)) AS involved"
                        + " ORDER BY name")
                .execute(Tuple.tuple().addArrayOfString(thingNames.toArray(String[]::new)))
                .map(DynamicMemberships::names);
    }

    /** The registry deleted the thing of this id: its verdicts are forgotten. */
    public Uni<Void> forget(SqlClient transaction, String thingName, String thingId) {
        return transaction
                .preparedQuery("DELETE FROM thing_verdict WHERE thing_name = $1 AND thing_id = $2")
                .execute(Tuple.of(thingName, thingId))
                .replaceWithVoid();
    }

    /**
     * Makes room for {@code needed} more groups by evicting the thing from its most recently created dynamic groups
     * ({@code overrideDynamicGroups}). Hold the thing's lock.
     *
     * @param current the thing's groups
     * @return the groups evicted from, or {@code null} when the thing has too few dynamic memberships
     */
    public List<ThingGroup> evictionsFor(List<ThingGroup> current, int needed) {
        List<ThingGroup> dynamic = current.stream()
                .filter(ThingGroup::isDynamic)
                .sorted(Comparator.comparingLong(
                                (ThingGroup group) -> group.dynamic().creationRevision())
                        .reversed())
                .toList();
        if (dynamic.size() < needed) {
            return null;
        }
        return dynamic.subList(0, needed);
    }

    private Uni<Void> applyMatch(
            SqlClient transaction, String groupName, long queryRevision, Match match, List<Event> changed, Instant at) {
        return memberships
                .lockThing(transaction, match.thingName())
                .chain(() -> memberships.deleted(transaction, match.thingId()))
                .chain(deleted -> {
                    if (deleted) {
                        return Uni.createFrom().voidItem();
                    }
                    return verdicts(transaction, match.thingName()).chain(stored -> {
                        if (stored != null && stored.version().compareTo(match.version()) > 0) {
                            return Uni.createFrom().voidItem(); // a newer document was decided: that decides
                        }
                        Map<String, Verdict> merged = new LinkedHashMap<>();
                        if (stored != null && stored.thingId().equals(match.thingId())) {
                            merged.putAll(stored.groups());
                        }
                        merged.put(groupName, new Verdict(queryRevision, true));
                        Verdicts applied = new Verdicts(match.thingId(), match.version(), merged);
                        return save(transaction, match.thingName(), applied)
                                .chain(() -> reconcile(transaction, match.thingName(), applied, changed, at));
                    });
                });
    }

    /**
     * Removes at most {@code batch} members of the group that satisfy {@code condition} (all when empty) under their
     * locks, in a few statements however many they are (thing by thing took 80 s for 100,000 members), then lets those
     * that may wait for a free slot (at the limit of groups before) join the dynamic groups they match. A batch bounds
     * the advisory locks that one transaction holds.
     *
     * @return the names of the members picked to leave (all of those satisfying {@code condition} when fewer than
     *     {@code batch}, whether this transaction removed them or a concurrent one did, such as a thing's deletion)
     */
    private Uni<List<String>> removeMembers(
            SqlClient transaction, ThingGroup group, String condition, int batch, List<Event> changed, Instant at) {
        int limit = config.limits().maxGroupsPerThing();
        return transaction
                .preparedQuery("SELECT thing_name FROM membership WHERE group_name = $1 " + condition
                        + " ORDER BY thing_name LIMIT $2")
                .execute(Tuple.of(group.name(), batch))
                .map(DynamicMemberships::names)
                .chain(leaving -> {
                    if (leaving.isEmpty()) {
                        return Uni.createFrom().item(List.<String>of());
                    }
                    // the groups a refill may lock, before the things' locks (the lock order); a refill decides on
                    // its verdicts under the thing's lock
                    return crowded(transaction, leaving, limit)
                            .chain(crowded -> crowded.isEmpty()
                                    ? Uni.createFrom().voidItem()
                                    : lockGroupsOf(transaction, crowded, List.of())
                                            .replaceWithVoid())
                            .chain(() -> memberships.lockThings(transaction, leaving))
                            .chain(() -> transaction
                                    .preparedQuery("DELETE FROM membership WHERE group_name = $1 AND thing_name ="
                                            + " ANY($2) " + condition + " RETURNING " + REMOVED)
                                    .execute(Tuple.tuple()
                                            .addString(group.name())
                                            .addArrayOfString(leaving.toArray(String[]::new))))
                            .chain(rows -> {
                                Map<String, String> removed = new java.util.TreeMap<>();
                                List<Membership> left = new ArrayList<>(rows.size());
                                rows.forEach(row -> left.add(row(row).membership()));
                                left.sort(Comparator.comparingLong(Membership::revision));
                                left.forEach(membership -> {
                                    changed.add(events.removed(membership, group, at));
                                    removed.put(membership.thingName(), membership.thingId());
                                });
                                List<String> names = List.copyOf(removed.keySet());
                                return crowded(transaction, names, limit - 1)
                                        .chain(waiting -> inTurn(
                                                waiting,
                                                thingName -> refill(
                                                        transaction, thingName, removed.get(thingName), changed, at)))
                                        .replaceWith(leaving);
                            });
                });
    }

    /** Those of these things in at least {@code groups} groups, in name order. */
    private static Uni<List<String>> crowded(SqlClient client, List<String> thingNames, int groups) {
        return client.preparedQuery("SELECT thing_name FROM membership WHERE thing_name = ANY($1) GROUP BY thing_name"
                        + " HAVING count(*) >= $2 ORDER BY thing_name")
                .execute(Tuple.tuple()
                        .addArrayOfString(thingNames.toArray(String[]::new))
                        .addInteger(groups))
                .map(DynamicMemberships::names);
    }

    /**
     * Runs the steps one after another, without nesting them: a group of 100,000 members is 100,000 steps, which a
     * chain of {@code chain}s would overflow the stack with.
     */
    private static <T> Uni<Void> inTurn(List<T> items, Function<T, Uni<?>> step) {
        return Multi.createFrom()
                .iterable(items)
                .onItem()
                .transformToUniAndConcatenate(step)
                .collect()
                .last()
                .replaceWithVoid();
    }

    /**
     * Brings the thing's dynamic memberships in line with its verdicts. Hold the thing's lock.
     */
    private Uni<Void> reconcile(
            SqlClient transaction, String thingName, Verdicts verdicts, List<Event> changed, Instant at) {
        return rowsOf(transaction, thingName).chain(current -> {
            // the groups that can change: the thing's own, and those it matches (locking every group a decision names
            // would write a row lock into each of them per decision)
            TreeSet<String> names = new TreeSet<>(matching(verdicts.groups()));
            current.forEach(row -> names.add(row.membership().groupName()));
            return groups.lockForMembership(transaction, names).chain(found -> {
                Map<String, ThingGroup> byName =
                        found.stream().collect(Collectors.toMap(ThingGroup::name, Function.identity()));
                return decide(transaction, thingName, verdicts, current, byName, changed, at);
            });
        });
    }

    private Uni<Void> decide(
            SqlClient transaction,
            String thingName,
            Verdicts verdicts,
            List<MembershipRow> current,
            Map<String, ThingGroup> byName,
            List<Event> changed,
            Instant at) {
        List<ThingGroup> kept = new ArrayList<>();
        Uni<Void> steps = Uni.createFrom().voidItem();
        for (MembershipRow row : current) {
            ThingGroup group = byName.get(row.membership().groupName());
            if (group == null) {
                continue;
            }
            Verdict verdict = verdicts.groups().get(group.name());
            boolean decided = group.isDynamic()
                    && verdict != null
                    && verdict.revision() == group.dynamic().queryRevision();
            if (decided && !verdict.matches()) {
                steps = steps.chain(() -> leave(transaction, thingName, group, changed, at));
                continue;
            }
            kept.add(group);
            if (decided && !Long.valueOf(verdict.revision()).equals(row.queryRevision())) {
                steps = steps.chain(() -> stamp(transaction, thingName, group.name(), verdict.revision()));
            }
        }
        List<ThingGroup> candidates = verdicts.groups().entrySet().stream()
                .filter(entry -> entry.getValue().matches())
                .map(entry -> byName.get(entry.getKey()))
                .filter(group -> group != null
                        && group.isDynamic()
                        && verdicts.groups().get(group.name()).revision()
                                == group.dynamic().queryRevision()
                        && current.stream()
                                .noneMatch(row -> row.membership().groupName().equals(group.name())))
                .sorted(Comparator.comparingLong(group -> group.dynamic().creationRevision()))
                .toList();
        int limit = config.limits().maxGroupsPerThing();
        for (ThingGroup candidate : candidates) {
            if (kept.size() < limit) {
                kept.add(candidate);
                steps = steps.chain(() -> join(transaction, thingName, verdicts.thingId(), candidate, changed, at));
                continue;
            }
            ThingGroup newest = kept.stream()
                    .filter(ThingGroup::isDynamic)
                    .max(Comparator.comparingLong(group -> group.dynamic().creationRevision()))
                    .orElse(null);
            if (newest == null
                    || candidate.dynamic().creationRevision() > newest.dynamic().creationRevision()) {
                LOG.warnf(
                        "AddThingToDynamicThingGroupsFailed: thing %s matches dynamic thing group %s but is already"
                                + " in %d thing groups",
                        thingName, candidate.name(), kept.size());
                continue;
            }
            kept.remove(newest);
            kept.add(candidate);
            steps = steps.chain(() -> leave(transaction, thingName, newest, changed, at))
                    .chain(() -> join(transaction, thingName, verdicts.thingId(), candidate, changed, at));
        }
        return steps;
    }

    private Uni<Void> join(
            SqlClient transaction,
            String thingName,
            String thingId,
            ThingGroup group,
            List<Event> changed,
            Instant at) {
        return transaction
                .preparedQuery("INSERT INTO membership (" + COLUMNS + ") VALUES ($1, $2, $3, $4,"
                        + " nextval('group_revision'), $5) RETURNING " + COLUMNS)
                .execute(Tuple.of(
                        thingName,
                        group.name(),
                        thingId,
                        UUID.randomUUID().toString(),
                        group.dynamic().queryRevision()))
                .invoke(rows ->
                        changed.add(events.added(row(rows.iterator().next()).membership(), group, at)))
                .replaceWithVoid();
    }

    private Uni<Void> leave(
            SqlClient transaction, String thingName, ThingGroup group, List<Event> changed, Instant at) {
        return memberships
                .delete(transaction, thingName, group.name())
                .invoke(removed -> {
                    if (removed != null) {
                        changed.add(events.removed(removed, group, at));
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> leaveAllDynamic(SqlClient transaction, String thingName, List<Event> changed, Instant at) {
        return rowsOf(transaction, thingName).chain(current -> {
            List<String> names = current.stream()
                    .filter(row -> row.queryRevision() != null)
                    .map(row -> row.membership().groupName())
                    .toList();
            if (names.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return groups.lockForMembership(transaction, names).chain(found -> {
                Uni<Void> steps = Uni.createFrom().voidItem();
                for (ThingGroup group : found) {
                    if (group.isDynamic()) {
                        steps = steps.chain(() -> leave(transaction, thingName, group, changed, at));
                    }
                }
                return steps;
            });
        });
    }

    private Uni<Void> stamp(SqlClient transaction, String thingName, String groupName, long queryRevision) {
        return transaction
                .preparedQuery("UPDATE membership SET query_revision = $3 WHERE thing_name = $1 AND group_name = $2")
                .execute(Tuple.of(thingName, groupName, queryRevision))
                .replaceWithVoid();
    }

    /** Locks (FOR KEY SHARE, name order) the given groups and those the things' dynamic memberships may touch. */
    private static List<String> matching(Map<String, Verdict> verdicts) {
        return verdicts.entrySet().stream()
                .filter(entry -> entry.getValue().matches())
                .map(Map.Entry::getKey)
                .toList();
    }

    private Uni<Map<String, ThingGroup>> lockGroupsOf(
            SqlClient transaction, Collection<String> thingNames, Collection<String> extra) {
        return groupsToLock(transaction, thingNames).chain(names -> {
            TreeSet<String> all = new TreeSet<>(names);
            all.addAll(extra);
            return groups.lockForMembership(transaction, all)
                    .map(found -> found.stream().collect(Collectors.toMap(ThingGroup::name, Function.identity())));
        });
    }

    private Uni<List<MembershipRow>> rowsOf(SqlClient client, String thingName) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM membership WHERE thing_name = $1 ORDER BY group_name")
                .execute(Tuple.of(thingName))
                .map(rows -> {
                    List<MembershipRow> found = new ArrayList<>(rows.size());
                    rows.forEach(row -> found.add(row(row)));
                    return found;
                });
    }

    /** @return the thing's verdicts, or {@code null} when none were applied */
    public Uni<Verdicts> verdicts(SqlClient client, String thingName) {
        return client.preparedQuery("SELECT thing_id, generation, primary_term, seq_no, verdicts FROM thing_verdict"
                        + " WHERE thing_name = $1")
                .execute(Tuple.of(thingName))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    Map<String, Verdict> verdicts = new LinkedHashMap<>();
                    row.getJsonObject("verdicts").forEach(entry -> {
                        JsonObject verdict = (JsonObject) entry.getValue();
                        verdicts.put(
                                entry.getKey(),
                                new Verdict(verdict.getLong("revision"), verdict.getBoolean("matches")));
                    });
                    return new Verdicts(
                            row.getString("thing_id"),
                            new DocumentVersion(
                                    row.getLong("generation"), row.getLong("primary_term"), row.getLong("seq_no")),
                            verdicts);
                });
    }

    private Uni<Void> save(SqlClient transaction, String thingName, Verdicts verdicts) {
        JsonObject json = new JsonObject();
        verdicts.groups()
                .forEach((group, verdict) -> json.put(
                        group,
                        new JsonObject().put("revision", verdict.revision()).put("matches", verdict.matches())));
        return transaction
                .preparedQuery("INSERT INTO thing_verdict (thing_name, thing_id, generation, primary_term, seq_no,"
                        + " verdicts) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (thing_name) DO UPDATE SET"
                        + " thing_id = EXCLUDED.thing_id, generation = EXCLUDED.generation, primary_term ="
                        + " EXCLUDED.primary_term, seq_no = EXCLUDED.seq_no, verdicts = EXCLUDED.verdicts")
                .execute(Tuple.tuple()
                        .addString(thingName)
                        .addString(verdicts.thingId())
                        .addLong(verdicts.version().generation())
                        .addLong(verdicts.version().primaryTerm())
                        .addLong(verdicts.version().seqNo())
                        .addValue(json))
                .replaceWithVoid();
    }

    private static MembershipRow row(Row row) {
        return new MembershipRow(
                new Membership(
                        row.getString("thing_name"),
                        row.getString("group_name"),
                        row.getString("thing_id"),
                        row.getString("membership_id"),
                        row.getLong("revision")),
                row.getLong("query_revision"));
    }

    private static List<String> names(RowSet<Row> rows) {
        List<String> names = new ArrayList<>(rows.size());
        rows.forEach(row -> names.add(row.getString(0)));
        return names;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
