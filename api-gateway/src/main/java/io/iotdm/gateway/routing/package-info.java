/**
 * Which service owns an operation: the operation table matched by the credential scope's service, tag operations
 * routed by their ARN's resource type, and the gateway's own AWS errors.
 */
package io.iotdm.gateway.routing;
