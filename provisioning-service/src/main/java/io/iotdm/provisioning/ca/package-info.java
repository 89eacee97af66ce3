/**
 * CA certificates (docs/aws-behaviour.md §6.2): the account's registration code, RegisterCACertificate with its
 * verification certificate, their status, auto-registration and JITP registrationConfig, listings and deletion; and
 * RegisterCertificate, which registers a device certificate under the registered CA that signed it (§6.1).
 */
package io.iotdm.provisioning.ca;
