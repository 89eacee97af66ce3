package io.iotdm.provisioning.principal;

import com.fasterxml.jackson.databind.node.TextNode;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** The principals attached to a thing. */
@Singleton
class ListThingPrincipalsHandler extends AwsOperationHandler {

    /** As the registry's listings: AWS does not state it. */
    static final int DEFAULT_MAX_RESULTS = 50;

    private final ThingPrincipalService thingPrincipals;

    ListThingPrincipalsHandler(ThingPrincipalService thingPrincipals) {
        super("iot", "ListThingPrincipals");
        this.thingPrincipals = thingPrincipals;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return thingPrincipals
                .principalsOf(
                        request.string("thingName"),
                        null,
                        request.string("nextToken"),
                        request.pageSize("maxResults", DEFAULT_MAX_RESULTS))
                .map(page -> AwsResponse.json(page.json("principals", found -> TextNode.valueOf(found.principal()))));
    }
}
