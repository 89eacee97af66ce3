/**
 * The gateway's one route: it reads no more of a request than routing needs, stamps request ids and the signed
 * identity headers, and streams the request to the owning service and its answer back.
 */
package io.iotdm.gateway.proxy;
