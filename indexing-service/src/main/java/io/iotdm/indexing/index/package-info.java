/**
 * The physical indices, their aliases and mappings: their names and shapes, creation, and the stored part script.
 */
package io.iotdm.indexing.index;
