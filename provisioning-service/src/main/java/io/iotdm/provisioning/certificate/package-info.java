/**
 * Device certificates (docs/aws-behaviour.md §6.1): issued by iotdm's own CA (made on the first start, its key sealed
 * in PostgreSQL under a configured secret), or registered with or without their CA; their status, listings and
 * deletion.
 */
package io.iotdm.provisioning.certificate;
