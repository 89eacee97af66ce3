package io.iotdm.registry.eventconfig;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** The account's event configuration in PostgreSQL: one row per event type ever changed. */
@ApplicationScoped
public class EventConfigurationRepository {

    /** @return the configured types only, with the configuration's dates */
    public Uni<EventConfigurations> find(SqlClient client) {
        return client.query(
                        """
                SELECT a.creation_date, c.event_type, c.enabled, c.last_modified
                FROM event_configuration_account a LEFT JOIN event_configuration c ON TRUE""")
                .execute()
                .map(rows -> {
                    Map<String, Boolean> enabled = new LinkedHashMap<>();
                    Instant creationDate = null;
                    Instant lastModifiedDate = null;
                    for (Row row : rows) {
                        creationDate = row.getOffsetDateTime("creation_date").toInstant();
                        if (row.getString("event_type") != null) {
                            enabled.put(row.getString("event_type"), row.getBoolean("enabled"));
                            Instant modified =
                                    row.getOffsetDateTime("last_modified").toInstant();
                            if (lastModifiedDate == null || modified.isAfter(lastModifiedDate)) {
                                lastModifiedDate = modified;
                            }
                        }
                    }
                    return new EventConfigurations(
                            enabled, creationDate, lastModifiedDate == null ? creationDate : lastModifiedDate);
                });
    }

    /** Serializes the changes of the configuration, so that each publishes what it committed, in commit order. */
    public Uni<Void> lock(SqlClient transaction) {
        return transaction
                .query("SELECT singleton FROM event_configuration_account FOR UPDATE")
                .execute()
                .replaceWithVoid();
    }

    /** Sets the given types, leaving the others as they are. */
    public Uni<Void> update(SqlClient client, Map<String, Boolean> changes, Instant now) {
        return client.preparedQuery(
                        """
                INSERT INTO event_configuration (event_type, enabled, last_modified)
                SELECT t, e, $3 FROM unnest($1::text[], $2::boolean[]) AS c(t, e)
                ON CONFLICT (event_type) DO UPDATE
                SET enabled = excluded.enabled, last_modified = excluded.last_modified""")
                .execute(Tuple.of(
                        changes.keySet().toArray(String[]::new),
                        changes.values().toArray(Boolean[]::new),
                        now.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** Whether the type is on; a type never changed is off. */
    public Uni<Boolean> enabled(SqlClient client, String eventType) {
        return client.preparedQuery("SELECT enabled FROM event_configuration WHERE event_type = $1")
                .execute(Tuple.of(eventType))
                .map(rows -> rows.iterator().hasNext() && rows.iterator().next().getBoolean(0));
    }
}
