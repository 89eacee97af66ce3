/**
 * AWS IoT v2 logging in the gateway (docs/aws-behaviour.md §8): the level in force for a client by its log targets, and
 * the log entries, on Kafka {@code iotdm.logs} and in the service log.
 */
package io.iotdm.devicegateway.logging;
