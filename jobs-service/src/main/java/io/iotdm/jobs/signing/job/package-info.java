/**
 * Signing jobs (docs/aws-behaviour.md §10.4): StartSigningJob over an object of the S3-compatible store, SignPayload,
 * DescribeSigningJob and ListSigningJobs. A job is written once, with its outcome.
 */
package io.iotdm.jobs.signing.job;
