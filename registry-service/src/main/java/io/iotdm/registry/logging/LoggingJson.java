package io.iotdm.registry.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Logging configuration as the model's shapes spell it. */
final class LoggingJson {

    private LoggingJson() {}

    /** {@code GetV2LoggingOptionsResponse}. */
    static ObjectNode options(LoggingOptions options) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        if (options.roleArn() != null) {
            json.put("roleArn", options.roleArn());
        }
        if (options.defaultLogLevel() != null) {
            json.put("defaultLogLevel", options.defaultLogLevel());
        }
        json.put("disableAllLogs", options.disableAllLogs());
        if (options.eventConfigurations() != null) {
            json.set("eventConfigurations", options.eventConfigurations());
        }
        return json;
    }

    /** {@code LogTargetConfiguration}: DEFAULT has no {@code targetName}. */
    static ObjectNode targetConfiguration(LogTargetConfiguration configuration) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        ObjectNode target = json.putObject("logTarget");
        target.put("targetType", configuration.logTarget().type());
        if (configuration.logTarget().name() != null) {
            target.put("targetName", configuration.logTarget().name());
        }
        json.put("logLevel", configuration.logLevel());
        return json;
    }

    /** A {@code LogTarget} of a request. */
    static LogTarget target(JsonNode logTarget) {
        JsonNode name = logTarget.get("targetName");
        return new LogTarget(
                logTarget.path("targetType").asText(), name == null || name.isNull() ? null : name.asText());
    }
}
