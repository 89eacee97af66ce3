/**
 * The jobs-service's tables: jobs, their thing-group targets and target things, executions, rollouts, job templates,
 * the device messages applied and each thing's last told queue head, each read and written with SQL on the caller's
 * client (a transaction of {@code TransactionalOutbox.commit}, or the pool for a read); and the events of a change:
 * JOB / JOB_EXECUTION ({@code JobsEvents}) and the devices' {@code jobs/notify} and {@code notify-next}
 * ({@code DeviceNotifications}).
 */
package io.iotdm.jobs.store;
