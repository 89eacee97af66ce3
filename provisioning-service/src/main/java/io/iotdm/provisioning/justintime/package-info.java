/**
 * Just-in-time registration and provisioning (docs/aws-behaviour.md §6.3): a certificate presented at CONNECT that is
 * not registered, or waits in PENDING_ACTIVATION, and was signed by a registered ACTIVE CA with auto-registration on is
 * registered PENDING_ACTIVATION under that CA; then the CA's registrationConfig decides: none is JITR (the {@code
 * $aws/events/certificates/registered} event for the account's handler), a JITP template is provisioned with the
 * registrations' one executor. The device gateway asks through DescribeClientCertificate (package {@code grpc}).
 */
package io.iotdm.provisioning.justintime;
