package io.iotdm.jobs.signing.platform;

import io.iotdm.jobs.signing.SignerErrors;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/**
 * The catalogue of signing platforms (docs/aws-behaviour.md §10.1): AWS's two IoT platforms that sign with ECDSA
 * P-256 over SHA-256, the curve FreeRTOS OTA and the AWS IoT Device Client verify. The RSA platform
 * ({@code AmazonFreeRTOS-TI-CC3220SF}, SHA-1) is not offered: iotdm's material is EC only.
 */
@Singleton
public class SigningPlatforms {

    private static final String ECDSA_SHA256 = "SHA256withECDSA";

    static final List<SigningPlatform> PLATFORMS = List.of(
            new SigningPlatform(
                    "AmazonFreeRTOS-Default",
                    "Amazon FreeRTOS",
                    "AmazonFreeRTOS",
                    "SHA256-ECDSA",
                    "AWSIoT",
                    "ECDSA",
                    "SHA256",
                    "JSONDetached",
                    16,
                    false,
                    ECDSA_SHA256),
            new SigningPlatform(
                    "AWSIoTDeviceManagement-SHA256-ECDSA",
                    "AWS IoT Device Management SHA256-ECDSA ",
                    "AWSIoTDeviceManagement",
                    "SHA256-ECDSA",
                    "AWSIoT",
                    "ECDSA",
                    "SHA256",
                    "JSONDetached",
                    2048,
                    false,
                    ECDSA_SHA256));

    private final SignerErrors errors;

    SigningPlatforms(SignerErrors errors) {
        this.errors = errors;
    }

    public Optional<SigningPlatform> find(String platformId) {
        return PLATFORMS.stream()
                .filter(platform -> platform.platformId().equals(platformId))
                .findFirst();
    }

    /** @throws io.iotdm.aws.protocol.AwsServiceException ResourceNotFoundException for a platform iotdm lacks */
    public SigningPlatform get(String platformId) {
        return find(platformId)
                .orElseThrow(() -> errors.notFound("Platform " + platformId + " does not exist. Valid platforms are "
                        + PLATFORMS.stream().map(SigningPlatform::platformId).toList()));
    }

    /** ListSigningPlatforms' filters; each {@code null} matches every platform. */
    List<SigningPlatform> list(String category, String partner, String target) {
        return PLATFORMS.stream()
                .filter(platform -> category == null || platform.category().equals(category))
                .filter(platform -> partner == null || platform.partner().equals(partner))
                .filter(platform -> target == null || platform.target().equals(target))
                .toList();
    }
}
