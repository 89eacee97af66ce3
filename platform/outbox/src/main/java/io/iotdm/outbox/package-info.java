/**
 * The transactional outbox: a change and its events commit in one transaction, a relay publishes them to Kafka in
 * order, and events Kafka refuses for good move to a dead-letter table.
 */
package io.iotdm.outbox;
