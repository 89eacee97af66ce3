/**
 * The device jobs API over HTTP ({@code iot-jobs-data}, signed so; the gateway routes on the credential scope):
 * GetPendingJobExecutions, StartNextPendingJobExecution, DescribeJobExecution and UpdateJobExecution.
 */
package io.iotdm.jobs.device;
