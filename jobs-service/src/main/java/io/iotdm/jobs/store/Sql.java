package io.iotdm.jobs.store;

import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** Conversions between the tables' column types and the records'. */
final class Sql {

    private Sql() {}

    static OffsetDateTime utc(Instant at) {
        return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    static JsonObject json(Map<String, String> details) {
        return new JsonObject(new LinkedHashMap<>(details));
    }

    static Map<String, String> details(Row row, String column) {
        JsonObject json = row.getJsonObject(column);
        Map<String, String> details = new LinkedHashMap<>();
        json.forEach(entry -> details.put(entry.getKey(), String.valueOf(entry.getValue())));
        return details;
    }
}
