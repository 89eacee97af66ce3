/**
 * Things attached to principals (docs/aws-behaviour.md §6.1): AttachThingPrincipal, DetachThingPrincipal and the
 * listings both ways, v1 and v2.
 */
package io.iotdm.provisioning.principal;
