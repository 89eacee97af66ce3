package io.iotdm.provisioning.principal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** The principals attached to a thing, with the type of each attachment. */
@Singleton
class ListThingPrincipalsV2Handler extends AwsOperationHandler {

    /** As the registry's listings: AWS does not state it. */
    static final int DEFAULT_MAX_RESULTS = 50;

    private final ThingPrincipalService thingPrincipals;

    ListThingPrincipalsV2Handler(ThingPrincipalService thingPrincipals) {
        super("iot", "ListThingPrincipalsV2");
        this.thingPrincipals = thingPrincipals;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return thingPrincipals
                .principalsOf(
                        request.string("thingName"),
                        request.string("thingPrincipalType"),
                        request.string("nextToken"),
                        request.pageSize("maxResults", DEFAULT_MAX_RESULTS))
                .map(page -> AwsResponse.json(page.json("thingPrincipalObjects", found -> JsonNodeFactory.instance
                        .objectNode()
                        .put("principal", found.principal())
                        .put("thingPrincipalType", found.type().name()))));
    }
}
