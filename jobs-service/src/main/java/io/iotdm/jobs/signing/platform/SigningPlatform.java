package io.iotdm.jobs.signing.platform;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One signing platform, the members of GetSigningPlatform's output and of ListSigningPlatforms' items. Every platform
 * iotdm offers signs with ECDSA over SHA-256 and one image format (docs/aws-behaviour.md §10.1).
 *
 * @param target what the platform signs for, also ListSigningPlatforms' {@code target} filter
 * @param signatureAlgorithm the JCA name of the signature it makes, written into each signed object
 */
public record SigningPlatform(
        String platformId,
        String displayName,
        String partner,
        String target,
        String category,
        String encryptionAlgorithm,
        String hashAlgorithm,
        String imageFormat,
        int maxSizeInMB,
        boolean revocationSupported,
        String signatureAlgorithm) {

    /** The largest source object a job of this platform signs, in bytes. */
    public long maxSizeInBytes() {
        return maxSizeInMB * 1024L * 1024L;
    }

    public ObjectNode json() {
        ObjectNode platform = JsonNodeFactory.instance
                .objectNode()
                .put("platformId", platformId)
                .put("displayName", displayName)
                .put("partner", partner)
                .put("target", target)
                .put("category", category);
        ObjectNode configuration = platform.putObject("signingConfiguration");
        ObjectNode encryption = configuration.putObject("encryptionAlgorithmOptions");
        encryption.putArray("allowedValues").add(encryptionAlgorithm);
        encryption.put("defaultValue", encryptionAlgorithm);
        ObjectNode hash = configuration.putObject("hashAlgorithmOptions");
        hash.putArray("allowedValues").add(hashAlgorithm);
        hash.put("defaultValue", hashAlgorithm);
        ObjectNode format = platform.putObject("signingImageFormat");
        format.putArray("supportedFormats").add(imageFormat);
        format.put("defaultFormat", imageFormat);
        return platform.put("maxSizeInMB", maxSizeInMB).put("revocationSupported", revocationSupported);
    }
}
