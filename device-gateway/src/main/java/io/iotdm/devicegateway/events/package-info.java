/**
 * AWS's event messages ({@code $aws/events/...}, docs/aws-behaviour.md §3) republished from their Kafka topics to this
 * instance's MQTT subscribers, as the account's event configuration enables them.
 */
package io.iotdm.devicegateway.events;
