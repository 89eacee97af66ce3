/**
 * The jobs-service (see its README): AWS IoT jobs, their executions, job templates and AWS-managed templates, the device
 * jobs API over HTTP and MQTT, and the rollout engine. Its packages, from those that depend on no other to those on top:
 * {@code store}; {@code peer} (the group-service); {@code managed}; {@code rollout} (on {@code store}); {@code
 * execution} and {@code device} (on {@code store}); {@code job} (on {@code store}, {@code peer}, {@code rollout} and
 * {@code managed}); {@code template} (on {@code store}, {@code job} and {@code managed}). No cycle among them ({@code
 * PackageCyclesTest}).
 */
package io.iotdm.jobs;
