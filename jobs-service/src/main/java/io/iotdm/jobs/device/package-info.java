/**
 * The device jobs API: over HTTP ({@code iot-jobs-data}, signed so; the gateway routes on the credential scope)
 * GetPendingJobExecutions, StartNextPendingJobExecution, DescribeJobExecution and UpdateJobExecution; over MQTT their
 * topics ({@code $aws/things/<thing>/jobs/...}, through the device gateway and Kafka), answered by the same code.
 */
package io.iotdm.jobs.device;
