package io.iotdm.registry.thingtype;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Thing types in PostgreSQL. Writes take the caller's transaction. */
@ApplicationScoped
public class ThingTypeRepository {

    private static final JsonMapper JSON = new JsonMapper();
    private static final String COLUMNS = "name, id, properties, deprecated, deprecation_date, creation_date, version";

    private static final String INSERT =
            """
            INSERT INTO thing_type (%1$s) VALUES ($1, $2, $3, FALSE, NULL, $4, 1)
            ON CONFLICT (name) DO NOTHING RETURNING %1$s"""
                    .formatted(COLUMNS);

    private static final String UPDATE =
            """
            UPDATE thing_type SET properties = $2, deprecated = $3, deprecation_date = $4,
            version = version + 1 WHERE name = $1 RETURNING %s"""
                    .formatted(COLUMNS);

    /** @return the type, or {@code null} */
    public Uni<ThingType> find(SqlClient client, String name) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM thing_type WHERE name = $1")
                .execute(Tuple.of(name))
                .map(ThingTypeRepository::first);
    }

    /**
     * The type a thing is about to be associated with, share-locked so that it cannot be deprecated or deleted before
     * the association commits.
     */
    public Uni<ThingType> lockForAssociation(SqlClient transaction, String name) {
        return transaction
                .preparedQuery("SELECT " + COLUMNS + " FROM thing_type WHERE name = $1 FOR SHARE")
                .execute(Tuple.of(name))
                .map(ThingTypeRepository::first);
    }

    /** @return the type, locked for a change, or {@code null} */
    public Uni<ThingType> lock(SqlClient transaction, String name) {
        return transaction
                .preparedQuery("SELECT " + COLUMNS + " FROM thing_type WHERE name = $1 FOR UPDATE")
                .execute(Tuple.of(name))
                .map(ThingTypeRepository::first);
    }

    /** @return the created type, or {@code null} when one of that name exists */
    public Uni<ThingType> insert(SqlClient transaction, String name, String id, ObjectNode properties, Instant now) {
        return transaction
                .preparedQuery(INSERT)
                .execute(Tuple.of(name, id, properties.toString(), utc(now)))
                .map(ThingTypeRepository::first);
    }

    /** Writes a locked type's properties and deprecation as its next version. */
    public Uni<ThingType> update(
            SqlClient transaction, String name, ObjectNode properties, boolean deprecated, Instant deprecationDate) {
        return transaction
                .preparedQuery(UPDATE)
                .execute(Tuple.of(name, properties.toString(), deprecated, utc(deprecationDate)))
                .map(ThingTypeRepository::first);
    }

    public Uni<Void> delete(SqlClient transaction, String name) {
        return transaction
                .preparedQuery("DELETE FROM thing_type WHERE name = $1")
                .execute(Tuple.of(name))
                .replaceWithVoid();
    }

    /**
     * One page of types in name order.
     *
     * @param nameFilter only the type of this name, or {@code null} for all
     * @param after the last name of the previous page, or {@code null}
     */
    public Uni<List<ThingType>> list(SqlClient client, String nameFilter, String after, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM thing_type WHERE name > $1"
                + (nameFilter == null ? "" : " AND name = $3") + " ORDER BY name LIMIT $2";
        Tuple parameters = Tuple.of(after == null ? "" : after, limit);
        if (nameFilter != null) {
            parameters.addString(nameFilter);
        }
        return client.preparedQuery(sql).execute(parameters).map(rows -> {
            List<ThingType> types = new ArrayList<>(rows.size());
            rows.forEach(row -> types.add(thingType(row)));
            return types;
        });
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static ThingType first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? thingType(iterator.next()) : null;
    }

    private static ThingType thingType(Row row) {
        OffsetDateTime deprecationDate = row.getOffsetDateTime("deprecation_date");
        return new ThingType(
                row.getString("name"),
                row.getString("id"),
                properties(row.getString("properties")),
                row.getBoolean("deprecated"),
                deprecationDate == null ? null : deprecationDate.toInstant(),
                row.getOffsetDateTime("creation_date").toInstant(),
                row.getLong("version"));
    }

    private static ObjectNode properties(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable thing type properties: " + json, e);
        }
    }
}
