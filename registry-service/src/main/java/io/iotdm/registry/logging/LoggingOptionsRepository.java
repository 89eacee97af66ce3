package io.iotdm.registry.logging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** The account's one row of v2 logging options; no row until SetV2LoggingOptions. */
@ApplicationScoped
public class LoggingOptionsRepository {

    private static final JsonMapper JSON = new JsonMapper();
    private static final String COLUMNS = "role_arn, default_log_level, disable_all_logs, event_configurations";

    private static final String SAVE =
            """
            INSERT INTO v2_logging_options (%s) VALUES ($1, $2, $3, $4)
            ON CONFLICT (singleton) DO UPDATE SET role_arn = excluded.role_arn,
            default_log_level = excluded.default_log_level,
            disable_all_logs = excluded.disable_all_logs,
            event_configurations = excluded.event_configurations"""
                    .formatted(COLUMNS);

    /** @return the options, or {@code null} when never set */
    public Uni<LoggingOptions> find(SqlClient client) {
        return client.query("SELECT " + COLUMNS + " FROM v2_logging_options")
                .execute()
                .map(LoggingOptionsRepository::first);
    }

    /**
     * @return the options, locked until the transaction ends so that log levels change one at a time, or {@code
     *     null} when never set
     */
    public Uni<LoggingOptions> lock(SqlClient transaction) {
        return transaction
                .query("SELECT " + COLUMNS + " FROM v2_logging_options FOR UPDATE")
                .execute()
                .map(LoggingOptionsRepository::first);
    }

    /** Replaces the options, as SetV2LoggingOptions does. */
    public Uni<Void> save(SqlClient client, LoggingOptions options) {
        return client.preparedQuery(SAVE)
                .execute(Tuple.of(
                        options.roleArn(),
                        options.defaultLogLevel(),
                        options.disableAllLogs(),
                        options.eventConfigurations() == null
                                ? null
                                : options.eventConfigurations().toString()))
                .replaceWithVoid();
    }

    /** Sets the level of the DEFAULT log target, which is the options' {@code defaultLogLevel}. */
    public Uni<Void> setDefaultLogLevel(SqlClient transaction, String logLevel) {
        return transaction
                .preparedQuery("UPDATE v2_logging_options SET default_log_level = $1")
                .execute(Tuple.of(logLevel))
                .replaceWithVoid();
    }

    private static LoggingOptions first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        if (!iterator.hasNext()) {
            return null;
        }
        Row row = iterator.next();
        return new LoggingOptions(
                row.getString("role_arn"),
                row.getString("default_log_level"),
                row.getBoolean("disable_all_logs"),
                eventConfigurations(row.getString("event_configurations")));
    }

    private static ArrayNode eventConfigurations(String json) {
        if (json == null) {
            return null;
        }
        try {
            return (ArrayNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable logging event configurations: " + json, e);
        }
    }
}
