/**
 * The trust boundary behind the gateway: the deployment's internal secret and the HMAC-SHA256 signatures of
 * forwarded requests and of calls between services.
 */
package io.iotdm.service.auth;
