package io.iotdm.jobs.signing.profile;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Cancels an Active profile: it stays visible but signs no more (docs/aws-behaviour.md §10.3). */
@Singleton
class CancelSigningProfileHandler extends AwsOperationHandler {

    private final SigningProfiles profiles;

    CancelSigningProfileHandler(SigningProfiles profiles) {
        super("signer", "CancelSigningProfile");
        this.profiles = profiles;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return profiles.cancel(request.string("profileName")).replaceWith(AwsResponse.empty());
    }
}
