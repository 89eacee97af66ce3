package io.iotdm.group.tags;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.group.store.ThingGroupRepository;
import io.iotdm.tags.TaggedResources;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/** group-service tags thing groups, static and dynamic (the api-gateway routes thing group ARNs here). */
@ApplicationScoped
class GroupTaggedResources implements TaggedResources {

    private final Pool pool;
    private final ThingGroupRepository groups;
    private final AwsErrors errors;
    private final Arns arns;

    GroupTaggedResources(Pool pool, ThingGroupRepository groups, AwsErrors errors, Arns arns) {
        this.pool = pool;
        this.groups = groups;
        this.errors = errors;
        this.arns = arns;
    }

    @Override
    public Uni<Void> requireResource(String resourceArn) {
        String prefix = arns.thingGroup("");
        if (!resourceArn.startsWith(prefix)) {
            return Uni.createFrom()
                    .failure(errors.invalidRequest(
                            "group-service tags the thing groups of this account; " + resourceArn + " is not one"));
        }
        return groups.find(pool, resourceArn.substring(prefix.length())).map(group -> {
            if (group == null) {
                throw errors.resourceNotFound("Resource " + resourceArn + " does not exist");
            }
            return null;
        });
    }
}
