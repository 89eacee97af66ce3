package io.iotdm.group.membership;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

@Singleton
class UpdateThingGroupsForThingHandler extends AwsOperationHandler {

    private final MembershipService memberships;
    private final AwsErrors errors;

    UpdateThingGroupsForThingHandler(MembershipService memberships, AwsErrors errors) {
        super("iot", "UpdateThingGroupsForThing");
        this.memberships = memberships;
        this.errors = errors;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        String thingName = request.string("thingName");
        if (thingName == null) {
            throw errors.invalidRequest("thingName must be specified");
        }
        return memberships
                .update(
                        thingName,
                        names(request.node("thingGroupsToAdd")),
                        names(request.node("thingGroupsToRemove")),
                        request.flag("overrideDynamicGroups"))
                .map(done -> AwsResponse.empty());
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(name -> names.add(name.asText()));
        return names;
    }
}
