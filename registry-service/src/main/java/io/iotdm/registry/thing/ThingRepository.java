package io.iotdm.registry.thing;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Things in PostgreSQL. Writes take the caller's transaction; a read may use any client. */
@ApplicationScoped
public class ThingRepository {

    private static final String COLUMNS =
            "name, id, thing_type_name, attributes, version, revision, last_modified, billing_group_name";

    private static final String INSERT =
            """
            INSERT INTO thing (%1$s) VALUES ($1, $2, $3, $4, 1, nextval('thing_revision'), $5, $6)
            ON CONFLICT (name) DO NOTHING RETURNING %1$s"""
                    .formatted(COLUMNS);

    private static final String UPDATE =
            """
            UPDATE thing SET thing_type_name = $2, attributes = $3, version = version + 1,
            revision = nextval('thing_revision'), last_modified = $4 WHERE name = $1 RETURNING %s"""
                    .formatted(COLUMNS);

    /** @return the thing, or {@code null} */
    public Uni<Thing> find(SqlClient client, String name) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM thing WHERE name = $1")
                .execute(Tuple.of(name))
                .map(ThingRepository::first);
    }

    /** @return the thing, locked until the transaction ends, or {@code null} */
    public Uni<Thing> lock(SqlClient transaction, String name) {
        return transaction
                .preparedQuery("SELECT " + COLUMNS + " FROM thing WHERE name = $1 FOR UPDATE")
                .execute(Tuple.of(name))
                .map(ThingRepository::first);
    }

    /** @return the created thing, or {@code null} when one of that name exists */
    public Uni<Thing> insert(
            SqlClient transaction,
            String name,
            String id,
            String thingTypeName,
            Map<String, String> attributes,
            String billingGroupName,
            Instant now) {
        return transaction
                .preparedQuery(INSERT)
                .execute(Tuple.of(name, id, thingTypeName, new JsonObject(new LinkedHashMap<>(attributes)))
                        .addOffsetDateTime(utc(now))
                        .addString(billingGroupName))
                .map(ThingRepository::first);
    }

    /** Writes the type and attributes of a locked thing as its next version. */
    public Uni<Thing> update(
            SqlClient transaction, Thing thing, String thingTypeName, Map<String, String> attributes, Instant now) {
        return transaction
                .preparedQuery(UPDATE)
                .execute(Tuple.of(
                        thing.name(), thingTypeName, new JsonObject(new LinkedHashMap<>(attributes)), utc(now)))
                .map(ThingRepository::first);
    }

    /** @return the revision of the deletion */
    public Uni<Long> delete(SqlClient transaction, String name) {
        return transaction
                .preparedQuery("DELETE FROM thing WHERE name = $1 RETURNING nextval('thing_revision')")
                .execute(Tuple.of(name))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** The things of these names that exist, in name order. */
    public Uni<List<Thing>> findAll(SqlClient client, List<String> names) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM thing WHERE name = ANY($1) ORDER BY name")
                .execute(Tuple.tuple().addArrayOfString(names.toArray(String[]::new)))
                .map(ThingRepository::all);
    }

    public Uni<Long> count(SqlClient client) {
        return client.query("SELECT count(*) FROM thing")
                .execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** Whether any thing has this type. */
    public Uni<Boolean> anyOfType(SqlClient client, String thingTypeName) {
        return client.preparedQuery("SELECT EXISTS (SELECT 1 FROM thing WHERE thing_type_name = $1)")
                .execute(Tuple.of(thingTypeName))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /**
     * One page of things in name order.
     *
     * @param after the last name of the previous page, or {@code null}
     */
    public Uni<List<Thing>> list(SqlClient client, ThingFilter filter, String after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM thing WHERE name > $1");
        Tuple parameters = Tuple.of(after == null ? "" : after);
        if (filter.thingTypeName() != null) {
            parameters.addString(filter.thingTypeName());
            sql.append(" AND thing_type_name = $").append(parameters.size());
        }
        if (filter.attributeName() != null) {
            parameters.addString(filter.attributeName());
            int name = parameters.size();
            if (filter.attributeValue() == null) {
                sql.append(" AND attributes ? $").append(name);
            } else if (filter.prefix()) {
                parameters.addString(likePrefix(filter.attributeValue()));
                sql.append(" AND attributes ->> $")
                        .append(name)
                        .append(" LIKE $")
                        .append(parameters.size());
            } else {
                // containment uses the GIN index
                parameters.addValue(new JsonObject().put(filter.attributeName(), filter.attributeValue()));
                sql.append(" AND attributes @> $").append(parameters.size()).append("::jsonb");
            }
        }
        parameters.addInteger(limit);
        sql.append(" ORDER BY name LIMIT $").append(parameters.size());
        return client.preparedQuery(sql.toString()).execute(parameters).map(ThingRepository::all);
    }

    private static String likePrefix(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Thing first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? thing(iterator.next()) : null;
    }

    private static List<Thing> all(RowSet<Row> rows) {
        List<Thing> things = new ArrayList<>(rows.size());
        rows.forEach(row -> things.add(thing(row)));
        return things;
    }

    private static Thing thing(Row row) {
        Map<String, String> attributes = new LinkedHashMap<>();
        row.getJsonObject("attributes").forEach(entry -> attributes.put(entry.getKey(), (String) entry.getValue()));
        return new Thing(
                row.getString("name"),
                row.getString("id"),
                row.getString("thing_type_name"),
                attributes,
                row.getLong("version"),
                row.getLong("revision"),
                row.getOffsetDateTime("last_modified").toInstant(),
                row.getString("billing_group_name"));
    }
}
