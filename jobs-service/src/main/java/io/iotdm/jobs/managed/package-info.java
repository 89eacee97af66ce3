/**
 * The AWS-managed job templates (and iotdm's own factory reset), their documents and parameters, and a document filled
 * with CreateJob's {@code documentParameters}; docs/aws-behaviour.md §5.15. Depends on no other package of the service.
 */
package io.iotdm.jobs.managed;
