package io.iotdm.gateway.routing;

import io.iotdm.aws.protocol.Operation;

/** A request's destination: the AWS operation it invokes and the iotdm service that serves it. */
public record Route(Operation operation, Upstream upstream) {}
