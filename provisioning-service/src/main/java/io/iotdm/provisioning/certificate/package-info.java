/**
 * Device certificates (docs/aws-behaviour.md §6.1): issued by iotdm's own CA, or registered with or without their CA;
 * their status, listings and deletion.
 */
package io.iotdm.provisioning.certificate;
