package io.iotdm.jobs.signing.profile;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** A profile in any status, with its revocation record once revoked. */
@Singleton
class GetSigningProfileHandler extends AwsOperationHandler {

    private final SigningProfiles profiles;

    GetSigningProfileHandler(SigningProfiles profiles) {
        super("signer", "GetSigningProfile");
        this.profiles = profiles;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return profiles.get(request.string("profileName"))
                .map(profile ->
                        AwsResponse.json(ProfileJson.described(profile, profiles.platform(profile), profiles.arns())));
    }
}
