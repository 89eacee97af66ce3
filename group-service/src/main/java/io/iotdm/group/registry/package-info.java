/** The registry-service's gRPC {@code DescribeThings}: whether a thing exists, and its id. */
package io.iotdm.group.registry;
