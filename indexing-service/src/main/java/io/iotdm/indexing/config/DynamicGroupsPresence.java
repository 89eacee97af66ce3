package io.iotdm.indexing.config;

/** Whether any dynamic thing group exists (they need thing indexing on). Blocking. */
public interface DynamicGroupsPresence {

    boolean exist();
}
