/**
 * DescribeEndpoint (docs/aws-behaviour.md §6.7): the host names devices reach, one per endpoint type, from
 * configuration ({@code iotdm.provisioning.endpoint.*}).
 */
package io.iotdm.provisioning.endpoint;
