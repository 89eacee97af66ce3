/**
 * The {@code codesign} block of a signed job document and the check a device makes with it (docs/aws-behaviour.md
 * §10.5): {@link io.iotdm.codesign.CodesignBlock} is the block as iotdm's signer writes it and a device reads it, {@link
 * io.iotdm.codesign.CodesignVerifier} verifies an artifact's exact bytes against it with the certificate the device
 * trusts and says why a check fails. Pure: no framework, no I/O beyond the stream it is given, the JDK's providers.
 */
package io.iotdm.codesign;
