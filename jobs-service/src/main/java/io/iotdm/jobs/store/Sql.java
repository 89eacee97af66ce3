package io.iotdm.jobs.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** Conversions between the tables' column types and the records'. */
final class Sql {

    private static final JsonMapper JSON = new JsonMapper();

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

    /** A configuration's JSON for a JSONB column; {@code null} stays SQL NULL. */
    static JsonObject jsonb(ObjectNode json) {
        return json == null ? null : new JsonObject(json.toString());
    }

    /** A JSONB column as Jackson's tree, {@code null} when SQL NULL. */
    static JsonNode jsonb(Row row, String column) {
        JsonObject json = row.getJsonObject(column);
        if (json == null) {
            return null;
        }
        try {
            return JSON.readTree(json.encode());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(column + " is not JSON", e);
        }
    }

    static Map<String, String> details(Row row, String column) {
        JsonObject json = row.getJsonObject(column);
        Map<String, String> details = new LinkedHashMap<>();
        json.forEach(entry -> details.put(entry.getKey(), String.valueOf(entry.getValue())));
        return details;
    }
}
