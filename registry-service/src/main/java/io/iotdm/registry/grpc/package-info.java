/**
 * The registry's gRPC API for other services: things and their shadows streamed in pages (index rebuilds), things
 * described and counted, and AwaitPublished (the outbox has published what was committed before the call).
 */
package io.iotdm.registry.grpc;
