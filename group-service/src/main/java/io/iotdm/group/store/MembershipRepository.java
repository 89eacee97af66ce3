package io.iotdm.group.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Memberships in PostgreSQL, static and dynamic ({@code query_revision}: the query revision under which a dynamic
 * membership was last decided, {@code null} for a static one). Every change of a thing's memberships holds the thing's
 * lock ({@link Locks}).
 */
@ApplicationScoped
public class MembershipRepository {

    private static final String COLUMNS = "thing_name, group_name, thing_id, membership_id, revision";
    private static final String DYNAMIC_COLUMNS = COLUMNS + ", query_revision";

    /** A membership with the query revision that confirmed it ({@code null} for a static one). */
    public record MembershipRow(Membership membership, Long queryRevision) {}

    /** The thing's memberships, in group name order. */
    public Uni<List<Membership>> ofThing(SqlClient client, String thingName) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM membership WHERE thing_name = $1 ORDER BY group_name")
                .execute(Tuple.of(thingName))
                .map(MembershipRepository::all);
    }

    public Uni<Membership> insert(SqlClient transaction, String thingName, String groupName, String thingId) {
        return transaction
                .preparedQuery("INSERT INTO membership (" + COLUMNS + ") VALUES ($1, $2, $3, $4,"
                        + " nextval('group_revision')) RETURNING " + COLUMNS)
                .execute(Tuple.of(
                        thingName, groupName, thingId, UUID.randomUUID().toString()))
                .map(rows -> membership(rows.iterator().next()));
    }

    /** @return the removed membership with the revision of its removal, or {@code null} when there was none */
    public Uni<Membership> delete(SqlClient transaction, String thingName, String groupName) {
        return transaction
                .preparedQuery("DELETE FROM membership WHERE thing_name = $1 AND group_name = $2 RETURNING " + REMOVED)
                .execute(Tuple.of(thingName, groupName))
                .map(rows ->
                        rows.iterator().hasNext() ? membership(rows.iterator().next()) : null);
    }

    /** Removes the memberships of the thing of this id, not those of a thing re-created under its name. */
    public Uni<List<Membership>> deleteOfThing(SqlClient transaction, String thingName, String thingId) {
        return transaction
                .preparedQuery("DELETE FROM membership WHERE thing_name = $1 AND thing_id = $2 RETURNING " + REMOVED)
                .execute(Tuple.of(thingName, thingId))
                .map(MembershipRepository::sorted);
    }

    /**
     * One page of the distinct things in any of these groups, in name order.
     *
     * @param after the last name of the previous page, or {@code null}
     */
    public Uni<List<String>> thingsIn(SqlClient client, List<String> groupNames, String after, int limit) {
        return client.preparedQuery("SELECT DISTINCT thing_name FROM membership WHERE group_name = ANY($1)"
                        + " AND thing_name > $2 ORDER BY thing_name LIMIT $3")
                .execute(Tuple.tuple()
                        .addArrayOfString(groupNames.toArray(String[]::new))
                        .addString(after == null ? "" : after)
                        .addInteger(limit))
                .map(MembershipRepository::names);
    }

    /** One page of the names of the thing's groups (not those being deleted), in name order. */
    public Uni<List<String>> groupsOf(SqlClient client, String thingName, String after, int limit) {
        return client.preparedQuery("SELECT m.group_name FROM membership m JOIN thing_group g ON g.name = m.group_name"
                        + " WHERE m.thing_name = $1 AND m.group_name > $2 AND NOT g.deleting ORDER BY m.group_name"
                        + " LIMIT $3")
                .execute(Tuple.of(thingName, after == null ? "" : after, limit))
                .map(MembershipRepository::names);
    }

    /**
     * One page of all memberships (but those of groups being deleted) in (thing name, group name) order, after the
     * given pair (exclusive).
     */
    public Uni<List<Membership>> page(SqlClient client, String afterThing, String afterGroup, int limit) {
        return client.preparedQuery("SELECT m.thing_name, m.group_name, m.thing_id, m.membership_id, m.revision FROM"
                        + " membership m JOIN thing_group g ON g.name = m.group_name WHERE (m.thing_name,"
                        + " m.group_name) > ($1, $2) AND NOT g.deleting ORDER BY m.thing_name, m.group_name LIMIT $3")
                .execute(Tuple.of(afterThing, afterGroup, limit))
                .map(MembershipRepository::all);
    }

    /** The thing's memberships with their query revisions, in group name order. */
    public Uni<List<MembershipRow>> rowsOf(SqlClient client, String thingName) {
        return client.preparedQuery(
                        "SELECT " + DYNAMIC_COLUMNS + " FROM membership WHERE thing_name = $1 ORDER BY group_name")
                .execute(Tuple.of(thingName))
                .map(rows -> {
                    List<MembershipRow> found = new ArrayList<>(rows.size());
                    rows.forEach(row -> found.add(new MembershipRow(membership(row), row.getLong("query_revision"))));
                    return found;
                });
    }

    /** The thing joins a dynamic group, confirmed under this query revision. */
    public Uni<Membership> insertDynamic(
            SqlClient transaction, String thingName, String groupName, String thingId, long queryRevision) {
        return transaction
                .preparedQuery("INSERT INTO membership (" + DYNAMIC_COLUMNS + ") VALUES ($1, $2, $3, $4,"
                        + " nextval('group_revision'), $5) RETURNING " + COLUMNS)
                .execute(Tuple.of(
                        thingName, groupName, thingId, UUID.randomUUID().toString(), queryRevision))
                .map(rows -> membership(rows.iterator().next()));
    }

    /**
     * These things (names and ids, in the same order) join a dynamic group, confirmed under this query revision, in one
     * statement.
     *
     * @return the memberships, in the order of their revisions
     */
    public Uni<List<Membership>> insertDynamic(
            SqlClient transaction, String[] thingNames, String[] thingIds, String groupName, long queryRevision) {
        return transaction
                .preparedQuery("INSERT INTO membership (" + DYNAMIC_COLUMNS + ") SELECT n, $3, id,"
                        + " gen_random_uuid()::text, nextval('group_revision'), $4 FROM"
                        + " unnest($1::text[], $2::text[]) AS m(n, id) RETURNING " + COLUMNS)
                .execute(Tuple.tuple()
                        .addArrayOfString(thingNames)
                        .addArrayOfString(thingIds)
                        .addString(groupName)
                        .addLong(queryRevision))
                .map(MembershipRepository::sorted);
    }

    /** The thing's dynamic membership is confirmed under this query revision. */
    public Uni<Void> stamp(SqlClient transaction, String thingName, String groupName, long queryRevision) {
        return transaction
                .preparedQuery("UPDATE membership SET query_revision = $3 WHERE thing_name = $1 AND group_name = $2")
                .execute(Tuple.of(thingName, groupName, queryRevision))
                .replaceWithVoid();
    }

    /**
     * The first {@code limit} members of the group, in name order: all, or with {@code unconfirmedBefore} those not
     * confirmed under that query revision or a later one.
     */
    public Uni<List<String>> members(SqlClient client, String groupName, Long unconfirmedBefore, int limit) {
        return client.preparedQuery("SELECT thing_name FROM membership WHERE group_name = $1 "
                        + unconfirmed(unconfirmedBefore, 3) + " ORDER BY thing_name LIMIT $2")
                .execute(withRevision(Tuple.of(groupName, limit), unconfirmedBefore))
                .map(MembershipRepository::names);
    }

    /**
     * Removes these members of the group (those of them that {@link #members} picks with {@code unconfirmedBefore}).
     *
     * @return the removed memberships with the revisions of their removals, in that order
     */
    public Uni<List<Membership>> deleteMembers(
            SqlClient transaction, String groupName, List<String> thingNames, Long unconfirmedBefore) {
        return transaction
                .preparedQuery("DELETE FROM membership WHERE group_name = $1 AND thing_name = ANY($2) "
                        + unconfirmed(unconfirmedBefore, 3) + " RETURNING " + REMOVED)
                .execute(withRevision(
                        Tuple.tuple().addString(groupName).addArrayOfString(thingNames.toArray(String[]::new)),
                        unconfirmedBefore))
                .map(MembershipRepository::sorted);
    }

    /** Those of these things in at least {@code groups} groups, in name order. */
    public Uni<List<String>> crowded(SqlClient client, List<String> thingNames, int groups) {
        return client.preparedQuery("SELECT thing_name FROM membership WHERE thing_name = ANY($1) GROUP BY thing_name"
                        + " HAVING count(*) >= $2 ORDER BY thing_name")
                .execute(Tuple.tuple()
                        .addArrayOfString(thingNames.toArray(String[]::new))
                        .addInteger(groups))
                .map(MembershipRepository::names);
    }

    private static String unconfirmed(Long unconfirmedBefore, int parameter) {
        return unconfirmedBefore == null ? "" : "AND (query_revision IS NULL OR query_revision < $" + parameter + ")";
    }

    private static Tuple withRevision(Tuple tuple, Long unconfirmedBefore) {
        return unconfirmedBefore == null ? tuple : tuple.addLong(unconfirmedBefore);
    }

    /** Whether the registry deleted the thing of this id. */
    public Uni<Boolean> deleted(SqlClient client, String thingId) {
        return client.preparedQuery("SELECT EXISTS (SELECT 1 FROM deleted_thing WHERE thing_id = $1)")
                .execute(Tuple.of(thingId))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** Remembers that the registry deleted the thing of this id; again is a no-op. */
    public Uni<Void> recordDeletion(SqlClient transaction, String thingId, String thingName, long registryRevision) {
        return transaction
                .preparedQuery("INSERT INTO deleted_thing (thing_id, thing_name, revision) VALUES ($1, $2, $3)"
                        + " ON CONFLICT (thing_id) DO NOTHING")
                .execute(Tuple.of(thingId, thingName, registryRevision))
                .replaceWithVoid();
    }

    /** Forgets deleted things recorded longer ago than this. */
    public Uni<Integer> pruneDeletions(SqlClient client, Duration retention) {
        return client.preparedQuery("DELETE FROM deleted_thing WHERE recorded_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) retention.toSeconds()))
                .map(RowSet::rowCount);
    }

    /** What a deletion returns: the membership, with the revision of its removal. */
    private static final String REMOVED =
            "thing_name, group_name, thing_id, membership_id, nextval('group_revision') AS revision";

    private static List<Membership> all(RowSet<Row> rows) {
        List<Membership> memberships = new ArrayList<>(rows.size());
        rows.forEach(row -> memberships.add(membership(row)));
        return memberships;
    }

    /** Rows of a DELETE ... RETURNING, in the order of their revisions. */
    private static List<Membership> sorted(RowSet<Row> rows) {
        List<Membership> memberships = all(rows);
        memberships.sort(java.util.Comparator.comparingLong(Membership::revision));
        return memberships;
    }

    private static List<String> names(RowSet<Row> rows) {
        List<String> names = new ArrayList<>(rows.size());
        rows.forEach(row -> names.add(row.getString(0)));
        return names;
    }

    private static Membership membership(Row row) {
        return new Membership(
                row.getString("thing_name"),
                row.getString("group_name"),
                row.getString("thing_id"),
                row.getString("membership_id"),
                row.getLong("revision"));
    }
}
