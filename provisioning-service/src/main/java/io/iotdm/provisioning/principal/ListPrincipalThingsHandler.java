package io.iotdm.provisioning.principal;

import com.fasterxml.jackson.databind.node.TextNode;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** The things attached to a principal. */
@Singleton
class ListPrincipalThingsHandler extends AwsOperationHandler {

    /** As the registry's listings: AWS does not state it. */
    static final int DEFAULT_MAX_RESULTS = 50;

    private final ThingPrincipalService thingPrincipals;

    ListPrincipalThingsHandler(ThingPrincipalService thingPrincipals) {
        super("iot", "ListPrincipalThings");
        this.thingPrincipals = thingPrincipals;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return thingPrincipals
                .thingsOf(
                        request.string("principal"),
                        null,
                        request.string("nextToken"),
                        request.pageSize("maxResults", DEFAULT_MAX_RESULTS))
                .map(page -> AwsResponse.json(page.json("things", found -> TextNode.valueOf(found.thingName()))));
    }
}
