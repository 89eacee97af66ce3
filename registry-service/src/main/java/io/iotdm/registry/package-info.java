/**
 * The registry-service: things, thing types, tags, device shadows, event configurations, V2 logging, iot-data
 * Publish and retained messages, one package per resource; this package holds the beans they share.
 */
package io.iotdm.registry;
