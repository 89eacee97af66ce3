/**
 * Registrations of provisioning templates: the RegisterThing operation and the one executor that RegisterThing, bulk
 * registration tasks, JITP and fleet provisioning share ({@code ThingRegistrations}). A registration is a row that
 * names its next step; each step is idempotent, so a run that dies part-way is finished by another
 * ({@code RegistrationResumer}), and a registration that cannot complete undoes what it created (docs/architecture.md
 * §6, "Registrations"; docs/aws-behaviour.md §6.8).
 */
package io.iotdm.provisioning.registration;
