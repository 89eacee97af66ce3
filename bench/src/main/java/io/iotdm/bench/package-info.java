/**
 * The benchmarks behind docs/benchmarks.md: load generators and raw-engine baselines run against a devstack (or, for
 * pure libraries, in process), each printing the figures the document records.
 */
package io.iotdm.bench;
