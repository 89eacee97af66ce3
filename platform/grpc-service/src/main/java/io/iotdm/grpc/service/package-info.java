/**
 * What a service that serves gRPC shares: flow-controlled server streams, AWS-free status answers, the signing and
 * verification of calls between services under the internal secret, and the request id carried into those calls.
 */
package io.iotdm.grpc.service;
