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
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Shadows in PostgreSQL; the classic shadow is stored under the name {@code ''}. */
@ApplicationScoped
class ShadowRepository {

    /** In {@link #write}'s array of documents: the shadow is deleted (its document becomes {@code NULL}). */
    private static final String DELETED = "";

    Uni<StoredShadow> find(SqlClient client, String thingName, String shadowName) {
        return client.preparedQuery(
                        "SELECT document, version, deleted_at FROM shadow WHERE thing_name = $1 AND shadow_name = $2")
                .execute(Tuple.of(thingName, stored(shadowName)))
                .map(ShadowRepository::first);
    }

    /**
     * Locks the rows of {@code keys} until the transaction ends, in the SELECT's ORDER BY (the database's collation;
     * every locker goes through this one statement) so that two transactions locking some of the same shadows never
     * wait for each other; missing rows are inserted in {@link ShadowKey#LOCK_ORDER}, the one order of every inserter;
     * the rows of {@code created} that do not
     * exist are created empty first, so that two first updates of one shadow also queue behind each other. Two
     * statements, however many shadows.
     *
     * @param created among {@code keys}, those that may be written (an update may create its shadow)
     * @return the locked shadows, each read when first asked for; one without a row reads as {@link StoredShadow#NONE}
     */
    Uni<LockedShadows> lock(
            SqlClient transaction, Collection<ShadowKey> keys, Collection<ShadowKey> created, Instant now) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(new LockedShadows(Map.of()));
        }
        Uni<Void> creating = created.isEmpty()
                ? Uni.createFrom().voidItem()
                : transaction
                        .preparedQuery(
                                """
                                INSERT INTO shadow (thing_name, shadow_name, document, version, updated_at)
                                SELECT thing_name, shadow_name, NULL, 0, $3
                                FROM unnest($1::text[], $2::text[]) AS created(thing_name, shadow_name)
                                ON CONFLICT DO NOTHING""")
                        .execute(keyArrays(created).addValue(utc(now)))
                        .replaceWithVoid();
        return creating.chain(() -> transaction
                        .preparedQuery(
                                """
                                SELECT thing_name, shadow_name, document, version, deleted_at FROM shadow
                                WHERE (thing_name, shadow_name) IN (SELECT * FROM unnest($1::text[], $2::text[]))
                                ORDER BY thing_name, shadow_name FOR UPDATE""")
                        .execute(keyArrays(keys)))
                .map(rows -> {
                    Map<ShadowKey, Supplier<StoredShadow>> stored = new HashMap<>();
                    rows.forEach(row -> {
                        String shadowName = row.getString("shadow_name");
                        stored.put(
                                new ShadowKey(row.getString("thing_name"), shadowName.isEmpty() ? null : shadowName),
                                () -> stored(row));
                    });
                    return new LockedShadows(stored);
                });
    }

    /**
     * Writes back the shadows a transaction changed ({@link LockedShadows#changed}), live or deleted, in one
     * statement. A deleted shadow keeps its version and the time of its deletion (its {@link ShadowTombstone}).
     */
    Uni<Void> write(SqlClient transaction, Map<ShadowKey, StoredShadow> changed, Instant now) {
        if (changed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<ShadowKey> keys =
                changed.keySet().stream().sorted(ShadowKey.LOCK_ORDER).toList();
        int size = keys.size();
        String[] documents = new String[size];
        Long[] versions = new Long[size];
        OffsetDateTime[] updatedAt = new OffsetDateTime[size];
        for (int i = 0; i < size; i++) {
            StoredShadow shadow = changed.get(keys.get(i));
            if (shadow.document() != null) {
                documents[i] = new String(shadow.document().toJson(), StandardCharsets.UTF_8);
                versions[i] = shadow.document().version();
                updatedAt[i] = utc(now);
            } else {
                documents[i] = DELETED; // no null in the arrays: '' is no JSON document
                versions[i] = shadow.tombstone().version();
                updatedAt[i] = utc(Instant.ofEpochSecond(shadow.tombstone().deletedAt()));
            }
        }
        return transaction
                .preparedQuery(
                        """
                        UPDATE shadow SET document = NULLIF(written.document, ''), version = written.version,
                        updated_at = written.updated_at,
                        deleted_at = CASE WHEN written.document = '' THEN written.updated_at END
                        FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::timestamptz[])
                        AS written(thing_name, shadow_name, document, version, updated_at)
                        WHERE shadow.thing_name = written.thing_name AND shadow.shadow_name = written.shadow_name""")
                .execute(keyArrays(keys).addValue(documents).addValue(versions).addValue(updatedAt))
                .replaceWithVoid();
    }

    /** The thing names and the stored shadow names of {@code keys}, as two arrays in {@link ShadowKey#LOCK_ORDER}. */
    private static Tuple keyArrays(Collection<ShadowKey> keys) {
        List<ShadowKey> ordered = keys.stream().sorted(ShadowKey.LOCK_ORDER).toList();
        return Tuple.of(
                ordered.stream().map(ShadowKey::thingName).toArray(String[]::new),
                ordered.stream().map(ShadowKey::storedName).toArray(String[]::new));
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
        return iterator.hasNext() ? stored(iterator.next()) : StoredShadow.NONE;
    }

    private static StoredShadow stored(Row row) {
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
