package io.iotdm.provisioning.principal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** The things attached to a principal, with the type of each attachment. */
@Singleton
class ListPrincipalThingsV2Handler extends AwsOperationHandler {

    /** As the registry's listings: AWS does not state it. */
    static final int DEFAULT_MAX_RESULTS = 50;

    private final ThingPrincipalService thingPrincipals;

    ListPrincipalThingsV2Handler(ThingPrincipalService thingPrincipals) {
        super("iot", "ListPrincipalThingsV2");
        this.thingPrincipals = thingPrincipals;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return thingPrincipals
                .thingsOf(
                        request.string("principal"),
                        request.string("thingPrincipalType"),
                        request.string("nextToken"),
                        request.pageSize("maxResults", DEFAULT_MAX_RESULTS))
                .map(page -> AwsResponse.json(page.json("principalThingObjects", found -> JsonNodeFactory.instance
                        .objectNode()
                        .put("thingName", found.thingName())
                        .put("thingPrincipalType", found.type().name()))));
    }
}
