/**
 * Code-signing material (docs/aws-behaviour.md §10.2): the EC P-256 key pair and self-signed code-signing certificate
 * iotdm holds under each {@code signingMaterial.certificateArn}, made on first use, its private key sealed at rest
 * and opened once per process.
 */
package io.iotdm.jobs.signing.material;
