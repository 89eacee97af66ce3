/**
 * The jobs-service (see its README): AWS IoT jobs, their executions, the device jobs API over HTTP and the rollout
 * engine. Its packages, from those that depend on no other to those on top: {@code store}; {@code peer} (the
 * group-service); {@code rollout} (on {@code store}); {@code execution} and {@code device} (on {@code store});
 * {@code job} (on {@code store}, {@code peer} and {@code rollout}). No cycle among them ({@code PackageCyclesTest}).
 */
package io.iotdm.jobs;
