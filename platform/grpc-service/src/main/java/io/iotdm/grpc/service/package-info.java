/**
 * What a service that serves gRPC shares: flow-controlled server streams, AWS-free status answers, and the signing
 * and verification of calls between services under the internal secret.
 */
package io.iotdm.grpc.service;
