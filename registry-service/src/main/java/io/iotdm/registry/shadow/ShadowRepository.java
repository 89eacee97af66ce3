package io.iotdm.registry.shadow;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Shadows in PostgreSQL; the classic shadow is stored under the name {@code ''}. */
@ApplicationScoped
class ShadowRepository {

    Uni<StoredShadow> find(SqlClient client, String thingName, String shadowName) {
        return client.preparedQuery(
                        "SELECT document, version, deleted_at FROM shadow WHERE thing_name = $1 AND shadow_name = $2")
                .execute(Tuple.of(thingName, stored(shadowName)))
                .map(ShadowRepository::first);
    }

    /**
     * Locks the shadow's row until the transaction ends, creating an empty row first so that two first updates of
     * one shadow also queue behind each other.
     */
    Uni<StoredShadow> lock(SqlClient transaction, String thingName, String shadowName, Instant now) {
        Tuple key = Tuple.of(thingName, stored(shadowName));
        return transaction
                .preparedQuery(
                        """
                        INSERT INTO shadow (thing_name, shadow_name, document, version, updated_at)
                        VALUES ($1, $2, NULL, 0, $3) ON CONFLICT DO NOTHING""")
                .execute(Tuple.of(thingName, stored(shadowName), utc(now)))
                .chain(() -> transaction
                        .preparedQuery(
                                """
                                SELECT document, version, deleted_at FROM shadow
                                WHERE thing_name = $1 AND shadow_name = $2 FOR UPDATE""")
                        .execute(key))
                .map(ShadowRepository::first);
    }

    Uni<Void> save(SqlClient transaction, String thingName, String shadowName, ShadowDocument document, Instant now) {
        return transaction
                .preparedQuery(
                        """
                        UPDATE shadow SET document = $3, version = $4, updated_at = $5, deleted_at = NULL
                        WHERE thing_name = $1 AND shadow_name = $2""")
                .execute(Tuple.of(
                        thingName,
                        stored(shadowName),
                        new String(document.toJson(), StandardCharsets.UTF_8),
                        document.version(),
                        utc(now)))
                .replaceWithVoid();
    }

    Uni<Void> markDeleted(SqlClient transaction, String thingName, String shadowName, ShadowTombstone tombstone) {
        OffsetDateTime deletedAt = utc(Instant.ofEpochSecond(tombstone.deletedAt()));
        return transaction
                .preparedQuery(
                        """
                        UPDATE shadow SET document = NULL, version = $3, updated_at = $4, deleted_at = $4
                        WHERE thing_name = $1 AND shadow_name = $2""")
                .execute(Tuple.of(thingName, stored(shadowName), tombstone.version(), deletedAt))
                .replaceWithVoid();
    }

    /** One page of the names of a thing's live named shadows, in name order. */
    Uni<List<String>> names(SqlClient client, String thingName, String after, int limit) {
        return client.preparedQuery(
                        """
                SELECT shadow_name FROM shadow WHERE thing_name = $1 AND shadow_name > $2
                AND document IS NOT NULL ORDER BY shadow_name LIMIT $3""")
                .execute(Tuple.of(thingName, after == null ? "" : after, limit))
                .map(rows -> {
                    List<String> names = new ArrayList<>(rows.size());
                    rows.forEach(row -> names.add(row.getString(0)));
                    return names;
                });
    }

    /** The live shadows of these things that the selection asks for, in thing and shadow name order. */
    Uni<List<ThingShadow>> live(SqlClient client, List<String> thingNames, ShadowSelection selection) {
        return client.preparedQuery(
                        """
                SELECT thing_name, shadow_name, document FROM shadow
                WHERE thing_name = ANY($1) AND document IS NOT NULL
                AND (shadow_name = '' AND $2 OR shadow_name <> '' AND $3
                AND (cardinality($4::text[]) = 0 OR shadow_name = ANY($4)))
                ORDER BY thing_name, shadow_name""")
                .execute(Tuple.tuple()
                        .addArrayOfString(thingNames.toArray(String[]::new))
                        .addBoolean(selection.classic())
                        .addBoolean(selection.named())
                        .addArrayOfString(selection.names().toArray(String[]::new)))
                .map(rows -> {
                    List<ThingShadow> shadows = new ArrayList<>(rows.size());
                    rows.forEach(row -> {
                        String shadowName = row.getString("shadow_name");
                        shadows.add(new ThingShadow(
                                row.getString("thing_name"),
                                shadowName.isEmpty() ? null : shadowName,
                                ShadowDocument.fromJson(
                                        row.getString("document").getBytes(StandardCharsets.UTF_8))));
                    });
                    return shadows;
                });
    }

    private static String stored(String shadowName) {
        return shadowName == null ? "" : shadowName;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static StoredShadow first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        if (!iterator.hasNext()) {
            return StoredShadow.NONE;
        }
        Row row = iterator.next();
        String document = row.getString("document");
        if (document != null) {
            return new StoredShadow(ShadowDocument.fromJson(document.getBytes(StandardCharsets.UTF_8)), null);
        }
        OffsetDateTime deletedAt = row.getOffsetDateTime("deleted_at");
        return deletedAt == null
                ? StoredShadow.NONE
                : new StoredShadow(null, new ShadowTombstone(row.getLong("version"), deletedAt.toEpochSecond()));
    }
}
