package io.iotdm.jobs.signing.profile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A signing profile's current version.
 *
 * @param overrides {@code overrides} as the caller sent it, {@code null} when absent (likewise the other nodes)
 * @param revocation {@code null} unless the profile was revoked
 */
public record SigningProfile(
        String profileName,
        String profileVersion,
        ProfileStatus status,
        String platformId,
        String certificateArn,
        ValidityPeriod validity,
        ObjectNode overrides,
        ObjectNode signingParameters,
        ObjectNode tags,
        Instant createdAt,
        Revocation revocation) {

    /** {@code signatureValidityPeriod}: how long the signatures of the profile's jobs are valid. */
    public record ValidityPeriod(int value, String type) {

        /** AWS's default: 135 months (docs/aws-behaviour.md §10.3). */
        static final ValidityPeriod DEFAULT = new ValidityPeriod(135, "MONTHS");

        /** When a signature made at {@code signedAt} expires. */
        public Instant expiry(Instant signedAt) {
            var at = signedAt.atZone(ZoneOffset.UTC);
            var expiry =
                    switch (type) {
                        case "DAYS" -> at.plusDays(value);
                        case "MONTHS" -> at.plusMonths(value);
                        case "YEARS" -> at.plusYears(value);
                        default -> throw new IllegalStateException("ValidityType " + type);
                    };
            return expiry.toInstant();
        }
    }

    /** RevokeSigningProfile's record; {@code reason} is answered as {@code statusReason}. */
    public record Revocation(Instant effectiveFrom, Instant revokedAt, String revokedBy, String reason) {}

    /** The same settings as {@code other}: a PutSigningProfile that changes nothing keeps the version. */
    boolean sameSettings(SigningProfile other) {
        return platformId.equals(other.platformId)
                && certificateArn.equals(other.certificateArn)
                && validity.equals(other.validity)
                && Objects.equals(overrides, other.overrides)
                && Objects.equals(signingParameters, other.signingParameters)
                && Objects.equals(tags, other.tags);
    }
}
