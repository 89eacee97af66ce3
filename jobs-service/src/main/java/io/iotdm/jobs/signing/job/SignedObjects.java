package io.iotdm.jobs.signing.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iotdm.codesign.CodesignBlock;
import io.iotdm.jobs.signing.material.SigningMaterial;

/**
 * The signed object a StartSigningJob writes (the platforms' {@code JSONDetached} format, docs/aws-behaviour.md
 * §10.4): the job document's {@code codesign} block (platform/codesign), which a device checks the artifact against,
 * with the signing certificate.
 *
 * <pre>{"rawPayloadSize":n,"signature":"&lt;base64 DER ECDSA&gt;","signatureAlgorithm":"SHA256withECDSA",
 *  "hashAlgorithm":"SHA256","payloadLocation":{"s3":{"bucketName":..,"key":..,"version":..}},
 *  "certificate":"-----BEGIN CERTIFICATE-----..."}</pre>
 */
final class SignedObjects {

    private static final JsonMapper JSON = new JsonMapper();

    private SignedObjects() {}

    static byte[] detached(SigningMaterial.Signed signed, SigningJob.S3Object source, SigningMaterial material) {
        CodesignBlock block = CodesignBlock.ecdsa(
                signed.signature(),
                signed.size(),
                new CodesignBlock.PayloadLocation(source.bucketName(), source.key(), source.version()),
                material.certificate().pem());
        try {
            return JSON.writeValueAsBytes(block.json());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
