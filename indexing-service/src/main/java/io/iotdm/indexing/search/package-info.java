/**
 * SearchIndex: the fleet query language translated to OpenSearch queries, the iotdm-* search extensions (sort,
 * total count, read-after), and searches that wait until the index holds what was committed before them.
 */
package io.iotdm.indexing.search;
