/**
 * The fleet-indexing query language: the parser (ANTLR 4 grammar), the project's own query tree, and AWS's rules
 * and errors for queries.
 */
package io.iotdm.fleetquery;
