/** TEMPORARY stand-in for h-registerthing (see ThingRegistrations). */
package io.iotdm.provisioning.registration;
