/**
 * Policies attached to targets (certificates, static thing groups, Cognito identities) and the policies in effect for
 * a device (docs/aws-behaviour.md §6.4): AttachPolicy, DetachPolicy, ListAttachedPolicies, ListTargetsForPolicy,
 * GetEffectivePolicies.
 */
package io.iotdm.provisioning.attachment;
