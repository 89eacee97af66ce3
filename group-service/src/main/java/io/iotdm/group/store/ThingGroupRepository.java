package io.iotdm.group.store;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Thing groups in PostgreSQL. Writes take the caller's transaction; a read may use any client.
 *
 * <p>A group's row is locked FOR UPDATE to delete it, FOR NO KEY UPDATE to update it or to add a child to it, FOR KEY
 * SHARE to change its memberships ({@link Locks}, which states the order of all locks and takes the things' after the
 * groups').
 */
@ApplicationScoped
public class ThingGroupRepository {

    private static final String COLUMNS = "name, id, parent_name, ancestors, ancestor_ids, description, attributes,"
            + " version, revision, creation_date, last_modified, query_string, query_version, index_name, status,"
            + " query_revision, creation_revision, backfill_done, backfill_total, deleting";

    /** @return the group, or {@code null} (also while it is being deleted) */
    public Uni<ThingGroup> find(SqlClient client, String name) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM thing_group WHERE name = $1 AND NOT deleting")
                .execute(Tuple.of(name))
                .map(ThingGroupRepository::first);
    }

    /** The groups of these names that exist, those being deleted too ({@link ThingGroup#deleting()}), in name order. */
    public Uni<List<ThingGroup>> findAll(SqlClient client, Collection<String> names) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM thing_group WHERE name = ANY($1) ORDER BY name")
                .execute(Tuple.tuple().addArrayOfString(names.toArray(String[]::new)))
                .map(ThingGroupRepository::all);
    }

    /** The group locked for deletion until the transaction ends, or {@code null}. */
    public Uni<ThingGroup> lockForDelete(SqlClient transaction, String name) {
        return locked(transaction, name, "FOR UPDATE");
    }

    /** The group locked for an update or a new child until the transaction ends, or {@code null}. */
    public Uni<ThingGroup> lockForUpdate(SqlClient transaction, String name) {
        return locked(transaction, name, "FOR NO KEY UPDATE");
    }

    /**
     * The groups of these names that exist and are not being deleted, kept from deletion until the transaction ends, in
     * name order.
     */
    Uni<List<ThingGroup>> lockForMembership(SqlClient transaction, Collection<String> names) {
        return transaction
                .preparedQuery("SELECT " + COLUMNS + " FROM thing_group WHERE name = ANY($1) AND NOT deleting ORDER BY"
                        + " name FOR KEY SHARE")
                .execute(Tuple.tuple().addArrayOfString(names.toArray(String[]::new)))
                .map(ThingGroupRepository::all);
    }

    /** @return the created group, or {@code null} when one of that name exists */
    public Uni<ThingGroup> insert(
            SqlClient transaction,
            String name,
            String id,
            ThingGroup parent,
            String description,
            Map<String, String> attributes,
            Instant now) {
        List<String> ancestors = new ArrayList<>();
        List<String> ancestorIds = new ArrayList<>();
        if (parent != null) {
            ancestors.addAll(parent.ancestors());
            ancestors.add(parent.name());
            ancestorIds.addAll(parent.ancestorIds());
            ancestorIds.add(parent.id());
        }
        return transaction
                .preparedQuery("INSERT INTO thing_group (name, id, parent_name, ancestors, ancestor_ids, description,"
                        + " attributes, version, revision, creation_date, last_modified) VALUES ($1, $2, $3, $4, $5,"
                        + " $6, $7, 1, nextval('group_revision'), $8, $8) ON CONFLICT (name) DO NOTHING RETURNING "
                        + COLUMNS)
                .execute(Tuple.tuple()
                        .addString(name)
                        .addString(id)
                        .addString(parent == null ? null : parent.name())
                        .addArrayOfString(ancestors.toArray(String[]::new))
                        .addArrayOfString(ancestorIds.toArray(String[]::new))
                        .addString(description)
                        .addValue(json(attributes))
                        .addOffsetDateTime(utc(now)))
                .map(ThingGroupRepository::first);
    }

    /** Writes the properties of a locked group as its next version. */
    public Uni<ThingGroup> update(
            SqlClient transaction, String name, String description, Map<String, String> attributes, Instant now) {
        return transaction
                .preparedQuery("UPDATE thing_group SET description = $2, attributes = $3, version = version + 1,"
                        + " revision = nextval('group_revision'), last_modified = $4 WHERE name = $1 RETURNING "
                        + COLUMNS)
                .execute(Tuple.of(name, description, json(attributes), utc(now)))
                .map(ThingGroupRepository::first);
    }

    /**
     * Marks a group locked for deletion: from now on it is gone for every operation, while its members leave in steps.
     *
     * @return the revision of this write (a dynamic group's definition is withdrawn with it)
     */
    public Uni<Long> markDeleting(SqlClient transaction, String name) {
        return transaction
                .preparedQuery("UPDATE thing_group SET deleting = true, revision = nextval('group_revision') WHERE"
                        + " name = $1 RETURNING revision")
                .execute(Tuple.of(name))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** The group being deleted, locked for the next step of its deletion, or {@code null} (deleted meanwhile). */
    public Uni<ThingGroup> lockDeleting(SqlClient transaction, String name) {
        return transaction
                .preparedQuery("SELECT " + COLUMNS + " FROM thing_group WHERE name = $1 AND deleting FOR UPDATE")
                .execute(Tuple.of(name))
                .map(ThingGroupRepository::first);
    }

    /** The names of the groups being deleted (a deletion that a crash interrupted, or that runs now). */
    public Uni<List<String>> deleting(SqlClient client) {
        return client.preparedQuery("SELECT name FROM thing_group WHERE deleting ORDER BY name")
                .execute()
                .map(rows -> {
                    List<String> names = new ArrayList<>(rows.size());
                    rows.forEach(row -> names.add(row.getString(0)));
                    return names;
                });
    }

    /** @return the revision of the deletion */
    public Uni<Long> delete(SqlClient transaction, String name) {
        return transaction
                .preparedQuery("DELETE FROM thing_group WHERE name = $1 RETURNING nextval('group_revision')")
                .execute(Tuple.of(name))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** The group's children, those being deleted too: they still reference it until their deletion ends. */
    public Uni<Long> countChildren(SqlClient client, String name) {
        return client.preparedQuery("SELECT count(*) FROM thing_group WHERE parent_name = $1")
                .execute(Tuple.of(name))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** The names of a group and all its descendants. */
    public Uni<List<String>> subtree(SqlClient client, String name) {
        return client.preparedQuery(
                        "SELECT name FROM thing_group WHERE (name = $1 OR ancestors @> ARRAY[$1]::text[]) AND NOT deleting"
                                + " ORDER BY name")
                .execute(Tuple.of(name))
                .map(rows -> {
                    List<String> names = new ArrayList<>(rows.size());
                    rows.forEach(row -> names.add(row.getString(0)));
                    return names;
                });
    }

    /**
     * One page of groups in name order.
     *
     * @param after the last name of the previous page, or {@code null}
     */
    public Uni<List<ThingGroup>> list(SqlClient client, GroupFilter filter, String after, int limit) {
        StringBuilder sql =
                new StringBuilder("SELECT " + COLUMNS + " FROM thing_group WHERE name > $1 AND NOT deleting");
        Tuple parameters = Tuple.of(after == null ? "" : after);
        if (filter.parentGroup() != null) {
            parameters.addString(filter.parentGroup());
            sql.append(
                    filter.recursive()
                            ? " AND ancestors @> ARRAY[$" + parameters.size() + "]::text[]"
                            : " AND parent_name = $" + parameters.size());
        } else if (!filter.recursive()) {
            sql.append(" AND parent_name IS NULL");
        }
        if (filter.namePrefix() != null) {
            parameters.addString(likePrefix(filter.namePrefix()));
            sql.append(" AND name LIKE $").append(parameters.size());
        }
        parameters.addInteger(limit);
        sql.append(" ORDER BY name LIMIT $").append(parameters.size());
        return client.preparedQuery(sql.toString()).execute(parameters).map(ThingGroupRepository::all);
    }

    /** @return the created dynamic group (status BUILDING), or {@code null} when a group of that name exists */
    public Uni<ThingGroup> insertDynamic(
            SqlClient transaction,
            String name,
            String id,
            String description,
            Map<String, String> attributes,
            String queryString,
            String queryVersion,
            String indexName,
            Instant now) {
        return transaction
                .preparedQuery(
                        "WITH next AS (SELECT nextval('group_revision') AS next_revision) INSERT INTO thing_group"
                                + " (name, id, parent_name, ancestors, ancestor_ids, description, attributes, version,"
                                + " revision, creation_date, last_modified, query_string, query_version, index_name, status,"
                                + " query_revision, creation_revision) SELECT $1, $2, NULL, '{}', '{}', $3, $4, 1,"
                                + " next.next_revision, $5, $5, $6, $7, $8, 'BUILDING', next.next_revision, next.next_revision FROM next"
                                + " ON CONFLICT (name) DO NOTHING RETURNING " + COLUMNS)
                .execute(Tuple.tuple()
                        .addString(name)
                        .addString(id)
                        .addString(description)
                        .addValue(json(attributes))
                        .addOffsetDateTime(utc(now))
                        .addString(queryString)
                        .addString(queryVersion)
                        .addString(indexName))
                .map(ThingGroupRepository::first);
    }

    /**
     * Writes the properties and the query of a locked dynamic group as its next version; a changed query takes the
     * write's revision as its query revision and starts a rebuild.
     */
    public Uni<ThingGroup> updateDynamic(
            SqlClient transaction,
            String name,
            String description,
            Map<String, String> attributes,
            String queryString,
            String queryVersion,
            String indexName,
            boolean queryChanged,
            Instant now) {
        return transaction
                .preparedQuery("WITH next AS (SELECT nextval('group_revision') AS next_revision) UPDATE thing_group SET"
                        + " description = $2, attributes = $3, version = version + 1, revision = next.next_revision,"
                        + " last_modified = $4, query_string = $5, query_version = $6, index_name = $7,"
                        + " query_revision = CASE WHEN $8 THEN next.next_revision ELSE query_revision END,"
                        + " status = CASE WHEN $8 THEN 'REBUILDING' ELSE status END,"
                        + " backfill_done = CASE WHEN $8 THEN NULL ELSE backfill_done END,"
                        + " backfill_total = CASE WHEN $8 THEN NULL ELSE backfill_total END"
                        + " FROM next WHERE name = $1 RETURNING " + COLUMNS)
                .execute(Tuple.tuple()
                        .addString(name)
                        .addString(description)
                        .addValue(json(attributes))
                        .addOffsetDateTime(utc(now))
                        .addString(queryString)
                        .addString(queryVersion)
                        .addString(indexName)
                        .addBoolean(queryChanged))
                .map(ThingGroupRepository::first);
    }

    /** How many dynamic groups exist (not counting those being deleted: they are gone for the account). */
    public Uni<Long> countDynamic(SqlClient client) {
        return client.preparedQuery("SELECT count(*) FROM thing_group WHERE query_string IS NOT NULL AND NOT deleting")
                .execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** The dynamic groups whose membership is being (re)built, oldest first. */
    public Uni<List<ThingGroup>> notActive(SqlClient client) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM thing_group WHERE query_string IS NOT NULL"
                        + " AND status <> 'ACTIVE' AND NOT deleting ORDER BY creation_revision")
                .execute()
                .map(ThingGroupRepository::all);
    }

    /** Records a backfill's progress, if the group still has this query revision. */
    public Uni<Void> backfillProgress(SqlClient client, String name, long queryRevision, long done, long total) {
        return client.preparedQuery("UPDATE thing_group SET backfill_done = $3, backfill_total = $4 WHERE name = $1"
                        + " AND query_revision = $2 AND status <> 'ACTIVE'")
                .execute(Tuple.of(name, queryRevision, done, total))
                .replaceWithVoid();
    }

    /** Ends a backfill: the group of this (locked) query revision is ACTIVE. */
    public Uni<Void> activate(SqlClient transaction, String name) {
        return transaction
                .preparedQuery("UPDATE thing_group SET status = 'ACTIVE', backfill_done = NULL, backfill_total = NULL"
                        + " WHERE name = $1")
                .execute(Tuple.of(name))
                .replaceWithVoid();
    }

    private Uni<ThingGroup> locked(SqlClient transaction, String name, String lock) {
        return transaction
                .preparedQuery("SELECT " + COLUMNS + " FROM thing_group WHERE name = $1 AND NOT deleting " + lock)
                .execute(Tuple.of(name))
                .map(ThingGroupRepository::first);
    }

    private static JsonObject json(Map<String, String> attributes) {
        return new JsonObject(new LinkedHashMap<>(attributes));
    }

    private static String likePrefix(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static ThingGroup first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? group(iterator.next()) : null;
    }

    private static List<ThingGroup> all(RowSet<Row> rows) {
        List<ThingGroup> groups = new ArrayList<>(rows.size());
        rows.forEach(row -> groups.add(group(row)));
        return groups;
    }

    private static ThingGroup group(Row row) {
        Map<String, String> attributes = new LinkedHashMap<>();
        row.getJsonObject("attributes").forEach(entry -> attributes.put(entry.getKey(), (String) entry.getValue()));
        return new ThingGroup(
                row.getString("name"),
                row.getString("id"),
                row.getString("parent_name"),
                List.of(row.getArrayOfStrings("ancestors")),
                List.of(row.getArrayOfStrings("ancestor_ids")),
                row.getString("description"),
                attributes,
                row.getLong("version"),
                row.getLong("revision"),
                row.getOffsetDateTime("creation_date").toInstant(),
                row.getOffsetDateTime("last_modified").toInstant(),
                row.getString("query_string") == null
                        ? null
                        : new ThingGroup.Dynamic(
                                row.getString("query_string"),
                                row.getString("query_version"),
                                row.getString("index_name"),
                                row.getString("status"),
                                row.getLong("query_revision"),
                                row.getLong("creation_revision"),
                                row.getLong("backfill_done"),
                                row.getLong("backfill_total")),
                row.getBoolean("deleting"));
    }
}
