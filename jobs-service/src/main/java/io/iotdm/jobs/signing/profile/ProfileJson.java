package io.iotdm.jobs.signing.profile;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.Timestamps;
import io.iotdm.jobs.signing.SignerArns;
import io.iotdm.jobs.signing.platform.SigningPlatform;

/** Profiles as GetSigningProfile and ListSigningProfiles spell them; dates in epoch seconds. */
final class ProfileJson {

    private ProfileJson() {}

    /** ListSigningProfiles' item (SigningProfile). */
    static ObjectNode summary(SigningProfile profile, SigningPlatform platform, SignerArns arns) {
        ObjectNode output = JsonNodeFactory.instance
                .objectNode()
                .put("profileName", profile.profileName())
                .put("profileVersion", profile.profileVersion())
                .put("profileVersionArn", arns.profileVersion(profile.profileName(), profile.profileVersion()));
        output.putObject("signingMaterial").put("certificateArn", profile.certificateArn());
        output.putObject("signatureValidityPeriod")
                .put("value", profile.validity().value())
                .put("type", profile.validity().type());
        output.put("platformId", profile.platformId()).put("platformDisplayName", platform.displayName());
        if (profile.signingParameters() != null) {
            output.set("signingParameters", profile.signingParameters());
        }
        output.put("status", profile.status().name()).put("arn", arns.profile(profile.profileName()));
        if (profile.tags() != null) {
            output.set("tags", profile.tags());
        }
        return output;
    }

    /** GetSigningProfile's output: the summary's members, the overrides and the revocation. */
    static ObjectNode described(SigningProfile profile, SigningPlatform platform, SignerArns arns) {
        ObjectNode output = summary(profile, platform, arns);
        if (profile.overrides() != null) {
            output.set("overrides", profile.overrides());
        }
        SigningProfile.Revocation revocation = profile.revocation();
        if (revocation != null) {
            output.putObject("revocationRecord")
                    .put("revocationEffectiveFrom", Timestamps.epochSeconds(revocation.effectiveFrom()))
                    .put("revokedAt", Timestamps.epochSeconds(revocation.revokedAt()))
                    .put("revokedBy", revocation.revokedBy());
            output.put("statusReason", revocation.reason());
        }
        return output;
    }
}
