/**
 * The fleet index's aggregations: GetStatistics, GetCardinality, GetPercentiles and GetBucketsAggregation,
 * translated to OpenSearch aggregations over the thing index.
 */
package io.iotdm.indexing.aggregation;
