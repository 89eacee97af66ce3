/**
 * What the provisioning-service does when a thing or a thing group is deleted elsewhere: it follows the registry's and
 * the group-service's deletion events and removes the thing's principal attachments and the group's policy
 * attachments (docs/aws-behaviour.md §1.2, §6.4).
 */
package io.iotdm.provisioning.deletion;
