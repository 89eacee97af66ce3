package io.iotdm.jobs.signing.profile;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Creates a profile, or a new version of an Active one whose settings change (docs/aws-behaviour.md §10.3). */
@Singleton
class PutSigningProfileHandler extends AwsOperationHandler {

    private final SigningProfiles profiles;

    PutSigningProfileHandler(SigningProfiles profiles) {
        super("signer", "PutSigningProfile");
        this.profiles = profiles;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return profiles.put(
                        request.string("profileName"),
                        request.string("platformId"),
                        request.node("signingMaterial"),
                        request.node("signatureValidityPeriod"),
                        request.node("overrides"),
                        request.node("signingParameters"),
                        request.node("tags"))
                .map(profile -> AwsResponse.json(JsonNodeFactory.instance
                        .objectNode()
                        .put("arn", profiles.arns().profile(profile.profileName()))
                        .put("profileVersion", profile.profileVersion())
                        .put(
                                "profileVersionArn",
                                profiles.arns().profileVersion(profile.profileName(), profile.profileVersion()))));
    }
}
