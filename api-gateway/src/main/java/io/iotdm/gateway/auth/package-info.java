/**
 * The gateway's authentication of clients: AWS Signature Version 4 (header and presigned) verified against the
 * deployment's access keys, giving the caller's identity.
 */
package io.iotdm.gateway.auth;
