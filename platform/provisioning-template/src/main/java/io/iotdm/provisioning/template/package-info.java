/**
 * AWS IoT provisioning templates: a body parsed and checked for its use (RegisterThing, JITP, fleet provisioning) and
 * evaluated with parameter values into a plan of the thing, certificate and policies to provision. Pure: it calls no
 * service.
 */
package io.iotdm.provisioning.template;
