package io.iotdm.provisioning.attachment;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.provisioning.store.CreationOrder;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** The policies attached to a target; with {@code recursive}, a thing group's ancestors' too. */
@Singleton
class ListAttachedPoliciesHandler extends AwsOperationHandler {

    private final PolicyAttachmentService attachments;
    private final Arns arns;

    ListAttachedPoliciesHandler(PolicyAttachmentService attachments, Arns arns) {
        super("iot", "ListAttachedPolicies");
        this.attachments = attachments;
        this.arns = arns;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return attachments
                .listAttached(
                        request.string("target"),
                        request.flag("recursive"),
                        request.string("marker"),
                        request.pageSize("pageSize", CreationOrder.DEFAULT_PAGE_SIZE))
                .map(page -> AwsResponse.json(page.json("policies", "nextMarker", name -> JsonNodeFactory.instance
                        .objectNode()
                        .put("policyName", name)
                        .put("policyArn", arns.policy(name)))));
    }
}
