/**
 * devstack: the engines (Kafka, PostgreSQL, OpenSearch, an S3-compatible store) and the services on top of them,
 * started on 127.0.0.1 from Maven artifacts, their addresses written to {@code stack.properties}, and everything
 * stopped with the JVM that started it; also the program behind {@code ./iotdm up}.
 */
package io.iotdm.devstack;
