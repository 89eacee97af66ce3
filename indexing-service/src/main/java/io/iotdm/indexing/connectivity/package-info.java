/**
 * GetThingConnectivityData, answered from the connectivity part of the thing index.
 */
package io.iotdm.indexing.connectivity;
