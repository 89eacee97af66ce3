package io.iotdm.devicegateway.logging;

/**
 * Who a log entry is about: the MQTT client, its principal (the certificate id) and the address it connects from. The
 * client id is also the thing name that THING_GROUP targets match (a thing's groups are those of the thing named by
 * the client id).
 *
 * @param principalId {@code null} when the connection has not authenticated
 * @param sourceIp {@code null} when the broker does not know it
 */
public record ClientLog(String clientId, String principalId, String sourceIp) {}
