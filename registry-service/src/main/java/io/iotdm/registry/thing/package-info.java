/**
 * Things: CreateThing, DescribeThing, UpdateThing, DeleteThing and ListThings, their rules and SQL, and the THING
 * and THING_TYPE_ASSOCIATION events each change commits with.
 */
package io.iotdm.registry.thing;
