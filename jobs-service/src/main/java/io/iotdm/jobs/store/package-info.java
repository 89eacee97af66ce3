/**
 * The jobs-service's tables: jobs, their thing-group targets and target things, executions and rollouts, each read and
 * written with SQL on the caller's client (a transaction of {@code TransactionalOutbox.commit}, or the pool for a
 * read).
 */
package io.iotdm.jobs.store;
