/**
 * The indexing configuration (UpdateIndexingConfiguration, GetIndexingConfiguration), DescribeIndex and
 * ListIndices: the configuration is a document in OpenSearch, read through a short cache.
 */
package io.iotdm.indexing.config;
