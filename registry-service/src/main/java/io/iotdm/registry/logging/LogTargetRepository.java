package io.iotdm.registry.logging;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The levels of named log targets. The DEFAULT target has no row: its level is the options' {@code defaultLogLevel},
 * so that GetV2LoggingOptions and ListV2LoggingLevels never disagree.
 */
@ApplicationScoped
public class LogTargetRepository {

    /** Sets a named target's level, replacing the one it had. */
    public Uni<Void> put(SqlClient transaction, LogTarget target, String logLevel) {
        return transaction
                .preparedQuery(
                        """
                        INSERT INTO v2_logging_level (target_type, target_name, log_level) VALUES ($1, $2, $3)
                        ON CONFLICT (target_type, target_name) DO UPDATE SET log_level = excluded.log_level""")
                .execute(Tuple.of(target.type(), target.name(), logLevel))
                .replaceWithVoid();
    }

    public Uni<Void> delete(SqlClient client, LogTarget target) {
        return client.preparedQuery("DELETE FROM v2_logging_level WHERE target_type = $1 AND target_name = $2")
                .execute(Tuple.of(target.type(), target.name()))
                .replaceWithVoid();
    }

    /** How many named targets there are besides this one: the count the target would add to. */
    public Uni<Integer> countOthers(SqlClient client, LogTarget target) {
        return client.preparedQuery(
                        "SELECT count(*) FROM v2_logging_level" + " WHERE (target_type, target_name) <> ($1, $2)")
                .execute(Tuple.of(target.type(), target.name()))
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    /**
     * One page of targets, DEFAULT included, in (type, name) order.
     *
     * @param targetType only targets of this type, or {@code null} for all
     * @param after the last target of the previous page, or {@code null}
     */
    public Uni<List<LogTargetConfiguration>> list(SqlClient client, String targetType, LogTarget after, int limit) {
        return client.preparedQuery(
                        """
                SELECT target_type, target_name, log_level FROM (
                SELECT 'DEFAULT' AS target_type, '' AS target_name, default_log_level AS log_level
                FROM v2_logging_options WHERE default_log_level IS NOT NULL
                UNION ALL SELECT target_type, target_name, log_level FROM v2_logging_level) AS targets
                WHERE (target_type, target_name) > ($1, $2) AND ($3::text IS NULL OR target_type = $3)
                ORDER BY target_type, target_name LIMIT $4""")
                .execute(Tuple.of(
                        after == null ? "" : after.type(), after == null ? "" : after.name(), targetType, limit))
                .map(rows -> {
                    List<LogTargetConfiguration> targets = new ArrayList<>(rows.size());
                    rows.forEach(row -> {
                        String type = row.getString("target_type");
                        LogTarget target = new LogTarget(
                                type, LogTarget.DEFAULT.equals(type) ? null : row.getString("target_name"));
                        targets.add(new LogTargetConfiguration(target, row.getString("log_level")));
                    });
                    return targets;
                });
    }
}
