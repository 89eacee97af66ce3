/**
 * The control plane's job execution operations: DescribeJobExecution, ListJobExecutionsForJob,
 * ListJobExecutionsForThing, CancelJobExecution and DeleteJobExecution.
 */
package io.iotdm.jobs.execution;
