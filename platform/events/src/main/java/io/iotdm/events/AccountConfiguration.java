package io.iotdm.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The account settings that the device gateway acts on, published by the registry-service through its outbox on
 * {@link #TOPIC} (compacted; not AWS payloads, no MQTT topic) whenever they change, each record the whole of one
 * setting, so that the last record of a key is the setting in force (docs/architecture.md, "Account settings for the
 * device gateway"):
 *
 * <ul>
 *   <li>{@link EventConfigurations} under {@link #EVENT_CONFIGURATIONS_KEY}: which registry and job event types the
 *       gateway republishes on {@code $aws/events/...} (UpdateEventConfigurations).
 *   <li>{@link V2Logging} under {@link #V2_LOGGING_KEY}: the v2 logging options and every log target's level
 *       (SetV2LoggingOptions, SetV2LoggingLevel, DeleteV2LoggingLevel).
 * </ul>
 *
 * A gateway reads the topic from its beginning on every start. Also {@link #LOGS_TOPIC}: the v2 log entries the
 * gateway writes (AWS's {@code AWSIotLogsV2} log group).
 */
public final class AccountConfiguration {

    public static final String TOPIC = "iotdm.account-configuration";

    /** The AWS v2 log entries (docs/aws-behaviour.md §8), key = client id, value = the entry's JSON. */
    public static final String LOGS_TOPIC = "iotdm.logs";

    public static final String EVENT_CONFIGURATIONS_KEY = "event-configurations";
    public static final String V2_LOGGING_KEY = "v2-logging";

    private static final ObjectMapper JSON = new ObjectMapper();

    private AccountConfiguration() {}

    /**
     * @param enabled whether each event type of the model is on, by its {@code EventType} name
     * @param revision grows with every change (the epoch milliseconds of the change): the record's resource version
     */
    public record EventConfigurations(Map<String, Boolean> enabled, long revision) {

        public EventConfigurations {
            enabled = Map.copyOf(enabled);
        }

        /** Whether events of this type are republished; a type never configured is off (AWS's default). */
        public boolean isEnabled(String eventType) {
            return enabled.getOrDefault(eventType, false);
        }

        /** The outbox event that publishes it. */
        public Event event() {
            ObjectNode payload = JSON.createObjectNode().put("revision", revision);
            ObjectNode types = payload.putObject("eventConfigurations");
            new TreeMap<>(enabled).forEach((type, on) -> types.putObject(type).put("Enabled", on));
            return new Event(
                    TOPIC, EVENT_CONFIGURATIONS_KEY, "", UUID.randomUUID().toString(), revision, payload);
        }

        public static EventConfigurations parse(byte[] value) {
            JsonNode node = read(value);
            Map<String, Boolean> enabled = new LinkedHashMap<>();
            node.path("eventConfigurations")
                    .properties()
                    .forEach(type -> enabled.put(
                            type.getKey(), type.getValue().path("Enabled").asBoolean()));
            return new EventConfigurations(enabled, node.path("revision").asLong());
        }
    }

    /** One log target (DEFAULT has no name) and its level. */
    public record LogTargetLevel(String targetType, String targetName, String logLevel) {}

    /**
     * @param configured false until SetV2LoggingOptions was first called: then nothing is logged
     * @param defaultLogLevel the {@code DEFAULT} target's level, or {@code null}
     * @param targets the named targets' levels (not DEFAULT)
     * @param revision grows with every change: the record's resource version
     */
    public record V2Logging(
            boolean configured,
            String defaultLogLevel,
            boolean disableAllLogs,
            List<LogTargetLevel> targets,
            long revision) {

        public V2Logging {
            targets = List.copyOf(targets);
        }

        /** The outbox event that publishes it. */
        public Event event() {
            ObjectNode payload = JSON.createObjectNode()
                    .put("configured", configured)
                    .put("defaultLogLevel", defaultLogLevel)
                    .put("disableAllLogs", disableAllLogs)
                    .put("revision", revision);
            ArrayNode levels = payload.putArray("logTargetConfigurations");
            targets.forEach(target -> {
                ObjectNode entry = levels.addObject();
                entry.putObject("logTarget")
                        .put("targetType", target.targetType())
                        .put("targetName", target.targetName());
                entry.put("logLevel", target.logLevel());
            });
            return new Event(TOPIC, V2_LOGGING_KEY, "", UUID.randomUUID().toString(), revision, payload);
        }

        public static V2Logging parse(byte[] value) {
            JsonNode node = read(value);
            List<LogTargetLevel> targets = new ArrayList<>();
            node.path("logTargetConfigurations")
                    .forEach(entry -> targets.add(new LogTargetLevel(
                            entry.path("logTarget").path("targetType").asText(),
                            entry.path("logTarget").path("targetName").asText(),
                            entry.path("logLevel").asText())));
            return new V2Logging(
                    node.path("configured").asBoolean(),
                    node.path("defaultLogLevel").isTextual()
                            ? node.path("defaultLogLevel").asText()
                            : null,
                    node.path("disableAllLogs").asBoolean(),
                    targets,
                    node.path("revision").asLong());
        }
    }

    private static JsonNode read(byte[] value) {
        try {
            JsonNode node = JSON.readTree(value);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("not an account configuration record");
            }
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
