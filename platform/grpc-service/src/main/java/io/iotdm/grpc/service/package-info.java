/**
 * What a service that serves gRPC shares: flow-controlled server streams, status answers (an AWS refusal travels as a
 * status that names the AWS error, {@code AwsErrorStatus}), and the signing and verification of calls between services
 * under the internal secret.
 */
package io.iotdm.grpc.service;
