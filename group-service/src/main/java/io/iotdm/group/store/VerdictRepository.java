package io.iotdm.group.store;

import io.iotdm.events.DynamicGroupMessages.DocumentVersion;
import io.iotdm.events.DynamicGroupMessages.Verdict;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The indexing-service's verdicts in PostgreSQL: per thing ({@code thing_verdict}) the last applied verdicts (group →
 * query revision, matches) with the version of the thing document they came from; and the sweeps
 * ({@code verdict_sweep}) that forget the verdicts of deleted dynamic groups.
 */
@ApplicationScoped
public class VerdictRepository {

    /** Things whose verdicts a sweep step rewrites: row locks only, which PostgreSQL keeps on the rows. */
    private static final int SWEEP_BATCH = 1000;

    /** The verdicts last applied for a thing. */
    public record Verdicts(String thingId, DocumentVersion version, Map<String, Verdict> groups) {

        public Verdicts {
            groups = Map.copyOf(groups);
        }
    }

    /** A thing that a backfill found matching. */
    public record Match(String thingName, String thingId, DocumentVersion version) {}

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

    /** Replaces the thing's verdicts. */
    public Uni<Void> save(SqlClient transaction, String thingName, Verdicts verdicts) {
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

    /** The registry deleted the thing of this id: its verdicts are forgotten. */
    public Uni<Void> forget(SqlClient transaction, String thingName, String thingId) {
        return transaction
                .preparedQuery("DELETE FROM thing_verdict WHERE thing_name = $1 AND thing_id = $2")
                .execute(Tuple.of(thingName, thingId))
                .replaceWithVoid();
    }

    /**
     * The matched things that join the group with nothing to weigh: not deleted, not in the group yet, below the
     * limit of groups, and whose applied verdicts (if any) are of the same thing, of an older document, and match no
     * existing group (so none waits for a slot). Most of a backfill; their joins are a few statements per page.
     */
    public Uni<Set<String>> newcomers(SqlClient transaction, List<Match> matches, String groupName, int maxGroups) {
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
                        .addString(groupName)
                        .addInteger(maxGroups)
                        .addArrayOfLong(versions(matches, DocumentVersion::generation))
                        .addArrayOfLong(versions(matches, DocumentVersion::primaryTerm))
                        .addArrayOfLong(versions(matches, DocumentVersion::seqNo)))
                .map(rows -> new HashSet<>(names(rows)));
    }

    /**
     * Adds a matching verdict for the group to each of these things' verdicts, with the match's document version; their
     * earlier verdicts (of groups they do not match) stay. One statement.
     */
    public Uni<Void> addMatches(SqlClient transaction, List<Match> matches, String groupName, long queryRevision) {
        JsonObject verdicts = new JsonObject()
                .put(groupName, new JsonObject().put("revision", queryRevision).put("matches", true));
        return transaction
                .preparedQuery("INSERT INTO thing_verdict (thing_name, thing_id, generation, primary_term, seq_no,"
                        + " verdicts) SELECT n, id, g, p, s, $6::jsonb FROM unnest($1::text[], $2::text[],"
                        + " $3::bigint[], $4::bigint[], $5::bigint[]) AS m(n, id, g, p, s) ON CONFLICT (thing_name) DO"
                        + " UPDATE SET generation = EXCLUDED.generation, primary_term = EXCLUDED.primary_term,"
                        + " seq_no = EXCLUDED.seq_no, verdicts = thing_verdict.verdicts || EXCLUDED.verdicts")
                .execute(Tuple.tuple()
                        .addArrayOfString(matches.stream().map(Match::thingName).toArray(String[]::new))
                        .addArrayOfString(matches.stream().map(Match::thingId).toArray(String[]::new))
                        .addArrayOfLong(versions(matches, DocumentVersion::generation))
                        .addArrayOfLong(versions(matches, DocumentVersion::primaryTerm))
                        .addArrayOfLong(versions(matches, DocumentVersion::seqNo))
                        .addValue(verdicts))
                .replaceWithVoid();
    }

    /**
     * A dynamic group of this name was deleted with this revision: its verdicts (those of revisions up to it, not
     * those of a group created later under the same name) are forgotten in the background ({@link #sweep}).
     */
    public Uni<Void> recordSweep(SqlClient transaction, String groupName, long upToRevision) {
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
    public Uni<Boolean> sweep(Pool pool) {
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

    private static Long[] versions(List<Match> matches, ToLongFunction<DocumentVersion> part) {
        return matches.stream().map(match -> part.applyAsLong(match.version())).toArray(Long[]::new);
    }

    private static List<String> names(RowSet<Row> rows) {
        List<String> names = new ArrayList<>(rows.size());
        rows.forEach(row -> names.add(row.getString(0)));
        return names;
    }
}
