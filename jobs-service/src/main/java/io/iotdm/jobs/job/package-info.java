/**
 * The control plane's job operations: CreateJob (targets resolved through the group-service, the rollout's first step
 * in the same transaction), UpdateJob, DescribeJob, GetJobDocument, ListJobs, CancelJob and DeleteJob.
 */
package io.iotdm.jobs.job;
