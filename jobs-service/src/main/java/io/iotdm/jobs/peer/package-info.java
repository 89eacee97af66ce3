/** The jobs-service's questions to its peers over gRPC: the group-service's thing groups and their things. */
package io.iotdm.jobs.peer;
