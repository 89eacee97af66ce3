/**
 * Signing profiles (docs/aws-behaviour.md §10.3): PutSigningProfile, GetSigningProfile, ListSigningProfiles,
 * CancelSigningProfile and RevokeSigningProfile, and the check that a profile may sign, which the {@code job} package
 * asks.
 */
package io.iotdm.jobs.signing.profile;
