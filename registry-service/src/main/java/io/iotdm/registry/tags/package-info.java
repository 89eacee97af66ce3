/**
 * Which ARNs the registry's tag table owns (things, thing types).
 */
package io.iotdm.registry.tags;
