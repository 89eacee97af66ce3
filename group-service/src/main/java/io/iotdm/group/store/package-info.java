/**
 * The group-service's tables and their locks: thing groups ({@code thing_group}), memberships ({@code membership}),
 * deleted things ({@code deleted_thing}), the indexing-service's verdicts and their sweeps ({@code thing_verdict},
 * {@code verdict_sweep}), and {@link io.iotdm.group.store.Locks}, the one way to take the group rows and things' advisory
 * locks in their order. SQL only, no rules; depends on no other package of the service.
 */
package io.iotdm.group.store;
