/**
 * The consumer of the event topics (the SmallRye Reactive Messaging channel {@code thing-index}): records decoded into
 * part updates, written in bulks to every live generation of the thing index, their dynamic-group memberships decided,
 * offsets committed after; how far this instance has written, for searches that must see it; its counters and health.
 */
package io.iotdm.indexing.consumer;
