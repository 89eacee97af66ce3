package io.iotdm.jobs.signing.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.jobs.signing.material.SigningMaterial;
import java.util.Base64;

/**
 * The signed object a StartSigningJob writes (the platforms' {@code JSONDetached} format, docs/aws-behaviour.md
 * §10.4): the members of a job document's {@code codesign} block, which a device checks the artifact against, plus
 * the signing certificate.
 *
 * <pre>{"rawPayloadSize":n,"signature":"&lt;base64 DER ECDSA&gt;","signatureAlgorithm":"SHA256withECDSA",
 *  "payloadLocation":{"s3":{"bucketName":..,"key":..,"version":..}},"certificate":"-----BEGIN CERTIFICATE-----..."}</pre>
 */
final class SignedObjects {

    private static final JsonMapper JSON = new JsonMapper();

    private SignedObjects() {}

    static byte[] detached(SigningMaterial.Signed signed, SigningJob.S3Object source, SigningMaterial material) {
        ObjectNode document = JSON.createObjectNode()
                .put("rawPayloadSize", signed.size())
                .put("signature", Base64.getEncoder().encodeToString(signed.signature()))
                .put("signatureAlgorithm", SigningMaterial.SIGNATURE_ALGORITHM);
        document.putObject("payloadLocation")
                .putObject("s3")
                .put("bucketName", source.bucketName())
                .put("key", source.key())
                .put("version", source.version());
        document.put("certificate", material.certificate().pem());
        try {
            return JSON.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
