/**
 * Job documents beyond their text: the {@code ${aws:iot:s3-presigned-url:...}} placeholders replaced by presigned
 * URLs of the S3-compatible store each time a device gets a document (docs/aws-behaviour.md §5.22), the job's {@code
 * presignedUrlConfig}, and the {@code codesign} blocks CreateJob fills from signing jobs (§10.5). Depends on {@code
 * store} (whose {@code DeviceDocuments} it implements) and {@code signing.job}.
 */
package io.iotdm.jobs.document;
