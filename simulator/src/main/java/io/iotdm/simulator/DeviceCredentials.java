package io.iotdm.simulator;

import io.iotdm.x509.IotCertificate;
import io.iotdm.x509.Pem;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * What a device connects with: its client id (the thing's name, so that the policies' thing variables apply,
 * docs/aws-behaviour.md §9.2), its key and its certificate.
 */
public record DeviceCredentials(String clientId, PrivateKey key, X509Certificate certificate) {

    /** From the PEM texts AWS IoT hands out (CreateKeysAndCertificate, CreateProvisioningClaim, create/json). */
    public static DeviceCredentials fromPem(String clientId, String privateKeyPem, String certificatePem) {
        return new DeviceCredentials(
                clientId,
                Pem.privateKey("privateKey", privateKeyPem),
                Pem.certificate("certificatePem", certificatePem).x509());
    }

    /** The same key and certificate under another client id (one claim serves a whole fleet). */
    public DeviceCredentials as(String otherClientId) {
        return new DeviceCredentials(otherClientId, key, certificate);
    }

    public String certificateId() {
        return IotCertificate.of(certificate).certificateId();
    }
}
