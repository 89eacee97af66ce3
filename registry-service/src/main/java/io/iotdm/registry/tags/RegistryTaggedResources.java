package io.iotdm.registry.tags;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.registry.thing.ThingRepository;
import io.iotdm.registry.thingtype.ThingTypeRepository;
import io.iotdm.tags.TaggedResources;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/** The registry tags things and thing types; the api-gateway sends other resources' ARNs to their owners. */
@ApplicationScoped
class RegistryTaggedResources implements TaggedResources {

    private final Pool pool;
    private final ThingRepository things;
    private final ThingTypeRepository thingTypes;
    private final AwsErrors errors;
    private final Arns arns;

    RegistryTaggedResources(
            Pool pool, ThingRepository things, ThingTypeRepository thingTypes, AwsErrors errors, Arns arns) {
        this.pool = pool;
        this.things = things;
        this.thingTypes = thingTypes;
        this.errors = errors;
        this.arns = arns;
    }

    @Override
    public Uni<Void> requireResource(String resourceArn) {
        String thingPrefix = arns.thing("");
        String thingTypePrefix = arns.thingType("");
        Uni<Boolean> exists;
        if (resourceArn.startsWith(thingPrefix)) {
            exists = things.find(pool, resourceArn.substring(thingPrefix.length()))
                    .map(thing -> thing != null);
        } else if (resourceArn.startsWith(thingTypePrefix)) {
            exists = thingTypes
                    .find(pool, resourceArn.substring(thingTypePrefix.length()))
                    .map(type -> type != null);
        } else {
            return Uni.createFrom()
                    .failure(errors.invalidRequest("The registry tags things and thing types of this account; "
                            + resourceArn + " is neither"));
        }
        return exists.map(found -> {
            if (!found) {
                throw errors.resourceNotFound("Resource " + resourceArn + " does not exist");
            }
            return null;
        });
    }
}
