/**
 * The rollout engine: {@code RolloutEngine} leases the rollouts that are due and dispatches each on its state to one
 * small {@code RolloutAction} (queue the next target things at the job's rate, complete the job, delete it in steps),
 * aborting a job whose abort criteria are met first; then it times out the executions whose timers are due.
 * Depends on {@code store} only.
 */
package io.iotdm.jobs.rollout;
