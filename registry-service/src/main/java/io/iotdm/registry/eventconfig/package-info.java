/**
 * DescribeEventConfigurations and UpdateEventConfigurations: which {@code $aws/events} event types the account
 * publishes.
 */
package io.iotdm.registry.eventconfig;
