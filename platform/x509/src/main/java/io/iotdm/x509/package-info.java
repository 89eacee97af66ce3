/**
 * The X.509 steps of AWS IoT's certificate and CA operations (docs/aws-behaviour.md §6.1, §6.2): PEM parsing with
 * AWS's errors ({@code Pem}, {@code X509Exception}), certificates and their ids ({@code IotCertificate}), CSR checks
 * ({@code CertificateSigningRequest}), RSA-2048 key pairs ({@code DeviceKeyPair}), iotdm's issuing CA and its key
 * sealed at rest ({@code IssuingCa}, {@code SealedKey}), and the checks of RegisterCertificate and
 * RegisterCACertificate ({@code CertificateRegistration}, {@code CaRegistration}). Pure: no framework, no I/O, no
 * global security provider (the JDK's providers do the cryptography, Bouncy Castle the ASN.1 and PEM).
 */
package io.iotdm.x509;
