/**
 * The account settings the gateway acts on (which events it republishes, what it logs), followed on the registry's
 * compacted topic {@code iotdm.account-configuration} (docs/architecture.md, "Account settings for the device gateway").
 */
package io.iotdm.devicegateway.account;
