package io.iotdm.registry.logging;

/** A log target and its level, as ListV2LoggingLevels lists them. */
public record LogTargetConfiguration(LogTarget logTarget, String logLevel) {}
