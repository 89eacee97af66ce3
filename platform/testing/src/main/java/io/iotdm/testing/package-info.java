/**
 * Test support for the services: devstack's real engines as a Quarkus test resource, calls signed with the test
 * JVM's internal secret, Kafka topic reading, and the check of a README's configuration table against the config
 * mappings and of a service's packages against cycles.
 */
package io.iotdm.testing;
