/**
 * The physical indices, their aliases and mappings: creation, the stored part script, the generations' state, and
 * the field budget that keeps a thing index within its field limit.
 */
package io.iotdm.indexing.index;
