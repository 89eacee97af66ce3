/**
 * The documents of {@code AWS_ThingGroups}, built from the group events.
 */
package io.iotdm.indexing.group;
