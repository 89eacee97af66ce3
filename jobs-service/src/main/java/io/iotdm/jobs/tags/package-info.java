/**
 * What the tagging operations (platform/tags) need to know of the jobs-service's resources: job templates and jobs.
 * Depends on {@code store}.
 */
package io.iotdm.jobs.tags;
