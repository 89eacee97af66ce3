package io.iotdm.provisioning.attachment;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Attaches a policy to a certificate, a static thing group or a Cognito identity. */
@Singleton
class AttachPolicyHandler extends AwsOperationHandler {

    private final PolicyAttachmentService attachments;

    AttachPolicyHandler(PolicyAttachmentService attachments) {
        super("iot", "AttachPolicy");
        this.attachments = attachments;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return attachments
                .attach(request.string("policyName"), request.string("target"))
                .map(done -> AwsResponse.empty());
    }
}
