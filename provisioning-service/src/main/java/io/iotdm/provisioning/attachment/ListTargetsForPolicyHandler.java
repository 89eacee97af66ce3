package io.iotdm.provisioning.attachment;

import com.fasterxml.jackson.databind.node.TextNode;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.provisioning.store.CreationOrder;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** The certificates, thing groups and Cognito identities a policy is attached to. */
@Singleton
class ListTargetsForPolicyHandler extends AwsOperationHandler {

    private final PolicyAttachmentService attachments;

    ListTargetsForPolicyHandler(PolicyAttachmentService attachments) {
        super("iot", "ListTargetsForPolicy");
        this.attachments = attachments;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return attachments
                .listTargets(
                        request.string("policyName"),
                        request.string("marker"),
                        request.pageSize("pageSize", CreationOrder.DEFAULT_PAGE_SIZE))
                .map(page -> AwsResponse.json(page.json("targets", "nextMarker", target -> TextNode.valueOf(target))));
    }
}
