/**
 * The OpenSearch client and its configuration ({@code iotdm.indexing.opensearch.*}), and the reading of bulk
 * errors.
 */
package io.iotdm.indexing.opensearch;
