/**
 * Bulk registration (docs/aws-behaviour.md §6.9): StartThingRegistrationTask, DescribeThingRegistrationTask,
 * ListThingRegistrationTasks, ListThingRegistrationTaskReports and StopThingRegistrationTask. A task reads its input
 * file from the S3-compatible store ({@link io.iotdm.provisioning.registrationtask.TaskFiles}), registers each line
 * through {@code registration.ThingRegistrations} under the key {@code <taskId>:<lineNumber>}, records each outcome
 * and writes the reports back to the store; {@link io.iotdm.provisioning.registrationtask.TaskRunners} runs the tasks
 * this instance leases, and resumes those a dead instance left.
 */
package io.iotdm.provisioning.registrationtask;
