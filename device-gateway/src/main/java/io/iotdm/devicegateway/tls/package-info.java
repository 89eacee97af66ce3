/**
 * TLS for devices: the server's CA and certificate, made on first start, and the trust manager that lets every client
 * certificate through the handshake so that the gateway's authenticator decides (docs/architecture.md, "Device TLS").
 */
package io.iotdm.devicegateway.tls;
