/**
 * What a service that serves gRPC shares: flow-controlled server streams, status answers (an AWS refusal travels as a
 * status that names the AWS error, {@code AwsErrorStatus}), the signing and verification of calls between services
 * under the internal secret, and the request id carried into those calls.
 */
package io.iotdm.grpc.service;
