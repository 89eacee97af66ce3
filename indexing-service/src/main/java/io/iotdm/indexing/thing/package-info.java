/**
 * The thing document's parts (registry, shadows, connectivity, memberships) and their versions: what one event
 * writes, and the rule that an older change never replaces a newer one.
 */
package io.iotdm.indexing.thing;
