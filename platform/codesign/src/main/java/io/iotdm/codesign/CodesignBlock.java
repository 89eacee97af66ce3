package io.iotdm.codesign;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;

/**
 * A job document's {@code codesign} block (docs/aws-behaviour.md §10.5; AWS's form in the reference, §7): {@code
 * rawPayloadSize}, {@code signature} (base64 of the DER signature), {@code signatureAlgorithm}, {@code hashAlgorithm},
 * {@code payloadLocation.s3{bucketName, key, version}} and iotdm's {@code certificate} (the signing certificate's PEM,
 * which a device compares with the one it trusts and never takes as trusted).
 *
 * @param hashAlgorithm {@code null} when the block has none (AWS's OTA blocks name the hash in the signature algorithm)
 * @param certificate {@code null} when the block carries no certificate
 */
public record CodesignBlock(
        long rawPayloadSize,
        String signature,
        String signatureAlgorithm,
        String hashAlgorithm,
        PayloadLocation payloadLocation,
        String certificate) {

    /** iotdm's signatures: the JCA name, which {@code openssl dgst -sha256 -verify} also takes with a DER signature. */
    public static final String SHA256_WITH_ECDSA = "SHA256withECDSA";

    private static final JsonMapper JSON = new JsonMapper();

    /** Where the signed artifact is: {@code payloadLocation.s3}. */
    public record PayloadLocation(String bucketName, String key, String version) {}

    /** The block of a signature iotdm made (SHA256withECDSA). */
    public static CodesignBlock ecdsa(
            byte[] derSignature, long rawPayloadSize, PayloadLocation location, String certificatePem) {
        return new CodesignBlock(
                rawPayloadSize,
                Base64.getEncoder().encodeToString(derSignature),
                SHA256_WITH_ECDSA,
                "SHA256",
                location,
                certificatePem);
    }

    /**
     * Reads a block from its JSON text.
     *
     * @throws CodesignException MALFORMED_BLOCK when it is not JSON or lacks a member a check needs
     */
    public static CodesignBlock parse(String json) {
        try {
            return of(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new CodesignException(CodesignException.Reason.MALFORMED_BLOCK, "the codesign block is not JSON");
        }
    }

    /**
     * Reads a block from its JSON.
     *
     * @throws CodesignException MALFORMED_BLOCK when it lacks {@code rawPayloadSize}, {@code signature} or {@code
     *     signatureAlgorithm}
     */
    public static CodesignBlock of(JsonNode block) {
        if (!block.isObject()) {
            throw new CodesignException(
                    CodesignException.Reason.MALFORMED_BLOCK, "the codesign block is not a JSON object");
        }
        if (!block.path("rawPayloadSize").canConvertToExactIntegral()
                || !block.path("signature").isTextual()
                || !block.path("signatureAlgorithm").isTextual()) {
            throw new CodesignException(
                    CodesignException.Reason.MALFORMED_BLOCK,
                    "the codesign block needs rawPayloadSize (a number), signature and signatureAlgorithm");
        }
        JsonNode s3 = block.path("payloadLocation").path("s3");
        return new CodesignBlock(
                block.get("rawPayloadSize").asLong(),
                block.get("signature").asText(),
                block.get("signatureAlgorithm").asText(),
                text(block, "hashAlgorithm"),
                s3.isObject()
                        ? new PayloadLocation(text(s3, "bucketName"), text(s3, "key"), text(s3, "version"))
                        : null,
                text(block, "certificate"));
    }

    /** The block as the job document and the signed object hold it. */
    public ObjectNode json() {
        ObjectNode block = JSON.createObjectNode()
                .put("rawPayloadSize", rawPayloadSize)
                .put("signature", signature)
                .put("signatureAlgorithm", signatureAlgorithm);
        if (hashAlgorithm != null) {
            block.put("hashAlgorithm", hashAlgorithm);
        }
        if (payloadLocation != null) {
            block.putObject("payloadLocation")
                    .putObject("s3")
                    .put("bucketName", payloadLocation.bucketName())
                    .put("key", payloadLocation.key())
                    .put("version", payloadLocation.version());
        }
        if (certificate != null) {
            block.put("certificate", certificate);
        }
        return block;
    }

    private static String text(JsonNode node, String member) {
        return node.path(member).isTextual() ? node.get(member).asText() : null;
    }
}
