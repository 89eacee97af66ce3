/**
 * The embedded HiveMQ CE broker and the gateway's extension in it: the authenticator (CONNECT), the authorizers
 * (PUBLISH, SUBSCRIBE) and the delivery check (iot:Receive), the live sessions a provisioning change may end, and the
 * claims and heartbeats by which the instances keep one session per client id and end a dead instance's sessions.
 */
package io.iotdm.devicegateway.broker;
