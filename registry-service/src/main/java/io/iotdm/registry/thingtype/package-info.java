/**
 * Thing types: create, describe, update, deprecate, delete (after the deprecation delay) and list, with their
 * THING_TYPE events.
 */
package io.iotdm.registry.thingtype;
