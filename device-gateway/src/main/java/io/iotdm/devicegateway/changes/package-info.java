/**
 * Provisioning changes ({@code iotdm.provisioning-changes}): drop the identities they may have changed, and end the
 * live sessions whose certificate is no longer accepted.
 */
package io.iotdm.devicegateway.changes;
