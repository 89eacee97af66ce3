package io.iotdm.registry.logging;

import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * The account's v2 logging options, as SetV2LoggingOptions last set them.
 *
 * @param defaultLogLevel the level of the {@code DEFAULT} log target, or {@code null}
 * @param eventConfigurations the {@code LogEventConfiguration} list as given, or {@code null}
 */
public record LoggingOptions(
        String roleArn, String defaultLogLevel, boolean disableAllLogs, ArrayNode eventConfigurations) {}
