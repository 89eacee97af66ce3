/**
 * The embedded HiveMQ CE broker and the gateway's extension in it: the authenticator (CONNECT), the authorizers
 * (PUBLISH, SUBSCRIBE) and the delivery check (iot:Receive), and the live sessions a provisioning change may end.
 */
package io.iotdm.devicegateway.broker;
