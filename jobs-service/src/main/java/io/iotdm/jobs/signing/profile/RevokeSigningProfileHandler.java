package io.iotdm.jobs.signing.profile;

import io.iotdm.aws.protocol.Timestamps;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Revokes a profile's current version; the record shows in GetSigningProfile (docs/aws-behaviour.md §10.3). */
@Singleton
class RevokeSigningProfileHandler extends AwsOperationHandler {

    private final SigningProfiles profiles;

    RevokeSigningProfileHandler(SigningProfiles profiles) {
        super("signer", "RevokeSigningProfile");
        this.profiles = profiles;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return profiles.revoke(
                        request.string("profileName"),
                        request.string("profileVersion"),
                        request.string("reason"),
                        Timestamps.fromEpochSeconds(
                                request.node("effectiveTime").decimalValue()))
                .replaceWith(AwsResponse.empty());
    }
}
