/** The {@code iotdm.group.v1.Groups} gRPC service: a thing's groups, and the streams of groups and memberships. */
package io.iotdm.group.grpc;
