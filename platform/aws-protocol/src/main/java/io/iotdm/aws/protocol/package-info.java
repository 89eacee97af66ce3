/**
 * The AWS wire contract read from the vendored models: the operation table, input validation with AWS's messages,
 * REST-JSON errors, ARNs, timestamps and pagination tokens. Framework-free, shared by the gateway and the services.
 */
package io.iotdm.aws.protocol;
