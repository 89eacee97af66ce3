/**
 * The AWS Signer API ({@code signer}, docs/aws-behaviour.md §10): what its packages share, the model's errors and the
 * signer ARNs. Its packages, from those that depend on no other to those on top: {@code platform} (the signing
 * platforms), {@code material} (code-signing keys and certificates), {@code profile} (on {@code platform} and
 * {@code material}), {@code job} (on all three).
 */
package io.iotdm.jobs.signing;
