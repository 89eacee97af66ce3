/**
 * The indexing configuration (UpdateIndexingConfiguration, GetIndexingConfiguration), DescribeIndex and
 * ListIndices: the configuration is a document in OpenSearch, read through a short cache; and the thing index state
 * (which generations exist, and the configuration each follows).
 */
package io.iotdm.indexing.config;
