package io.iotdm.jobs.job;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** More things and thing groups for a continuous job in progress (docs/aws-behaviour.md §5.16). */
@Singleton
class AssociateTargetsWithJobHandler extends AwsOperationHandler {

    private final JobTargetAssociation association;
    private final Arns arns;

    AssociateTargetsWithJobHandler(JobTargetAssociation association, Arns arns) {
        super("iot", "AssociateTargetsWithJob");
        this.association = association;
        this.arns = arns;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return association.associate(request).map(job -> AwsResponse.json(JobJson.reference(job, arns)));
    }
}
