/**
 * The embedded OpenSearch node, run by devstack in a JVM of its own (OpenSearch's libraries cannot share a
 * classpath with Quarkus's).
 */
package io.iotdm.devstack.opensearch;
