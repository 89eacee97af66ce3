package io.iotdm.provisioning.attachment;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Detaches a policy from a target. */
@Singleton
class DetachPolicyHandler extends AwsOperationHandler {

    private final PolicyAttachmentService attachments;

    DetachPolicyHandler(PolicyAttachmentService attachments) {
        super("iot", "DetachPolicy");
        this.attachments = attachments;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return attachments
                .detach(request.string("policyName"), request.string("target"))
                .map(done -> AwsResponse.empty());
    }
}
