/**
 * The thing document's parts (registry, shadows, connectivity, memberships) and their versions: what one event
 * writes, the rule that an older change never replaces a newer one, and the field budget that keeps a thing index
 * within its field limit.
 */
package io.iotdm.indexing.thing;
