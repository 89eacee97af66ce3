/**
 * V2 logging: the account's logging options and its log levels per target (SetV2LoggingOptions, SetV2LoggingLevel
 * and their readers).
 */
package io.iotdm.registry.logging;
