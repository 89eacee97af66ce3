/**
 * The signing platforms iotdm signs for (docs/aws-behaviour.md §10.1): GetSigningPlatform and ListSigningPlatforms
 * over a fixed catalogue, which the other signer packages ask what a platform signs with.
 */
package io.iotdm.jobs.signing.platform;
