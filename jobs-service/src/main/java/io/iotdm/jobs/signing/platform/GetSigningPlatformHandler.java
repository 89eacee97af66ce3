package io.iotdm.jobs.signing.platform;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** One signing platform of the catalogue. */
@Singleton
class GetSigningPlatformHandler extends AwsOperationHandler {

    private final SigningPlatforms platforms;

    GetSigningPlatformHandler(SigningPlatforms platforms) {
        super("signer", "GetSigningPlatform");
        this.platforms = platforms;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return Uni.createFrom()
                .item(() -> AwsResponse.json(
                        platforms.get(request.string("platformId")).json()));
    }
}
