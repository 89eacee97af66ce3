/**
 * How a service of iotdm consumes Kafka: SmallRye Reactive Messaging channels in batches, each batch applied until it
 * succeeds ({@link io.iotdm.messaging.UntilApplied}), offsets committed only after it is applied. The channel settings
 * every consumer shares are in this module's README.
 */
package io.iotdm.messaging;
