/**
 * Who a connected device is and what it may do: provisioning-service's answer about its certificate
 * (DescribeClientCertificate), the IoT policies in force compiled once per document, and the policy variables of the
 * connection, cached briefly and dropped on provisioning changes.
 */
package io.iotdm.devicegateway.identity;
