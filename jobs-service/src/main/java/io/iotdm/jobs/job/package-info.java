/**
 * The control plane's job operations: CreateJob (targets resolved through the group-service, a job template's members
 * applied, the rollout's first step in the same transaction), UpdateJob, DescribeJob, GetJobDocument, ListJobs,
 * CancelJob, DeleteJob and AssociateTargetsWithJob.
 */
package io.iotdm.jobs.job;
