package io.iotdm.registry.tags;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.protocol.PaginationTokens;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.Page;
import io.iotdm.registry.thing.ThingRepository;
import io.iotdm.registry.thingtype.ThingTypeRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** Tags of things and thing types; other resources' tags belong to the services that own them. */
@ApplicationScoped
public class TagService {

    /** AWS: 50 tags per resource. */
    static final int MAX_TAGS = 50;

    static final int PAGE_SIZE = 50;

    private final Pool pool;
    private final TagRepository tags;
    private final ThingRepository things;
    private final ThingTypeRepository thingTypes;
    private final AwsErrors errors;
    private final Arns arns;
    private final PaginationTokens tokens;

    TagService(
            Pool pool,
            TagRepository tags,
            ThingRepository things,
            ThingTypeRepository thingTypes,
            AwsErrors errors,
            Arns arns,
            PaginationTokens tokens) {
        this.pool = pool;
        this.tags = tags;
        this.things = things;
        this.thingTypes = thingTypes;
        this.errors = errors;
        this.arns = arns;
        this.tokens = tokens;
    }

    public Uni<Void> tag(String resourceArn, List<Tag> added) {
        return pool.withTransaction(transaction -> requireResource(resourceArn)
                .chain(() -> tags.countWith(
                        transaction, resourceArn, added.stream().map(Tag::key).toList()))
                .chain(count -> {
                    if (count > MAX_TAGS) {
                        throw errors.iot(
                                "LimitExceededException",
                                "A resource can have at most " + MAX_TAGS + " tags; " + resourceArn + " would have "
                                        + count);
                    }
                    return tags.put(transaction, resourceArn, added);
                }));
    }

    public Uni<Void> untag(String resourceArn, List<String> keys) {
        return requireResource(resourceArn)
                .chain(() -> pool.withTransaction(transaction -> tags.remove(transaction, resourceArn, keys)));
    }

    public Uni<Page<Tag>> list(String resourceArn, String nextToken) {
        Map<String, String> parameters = Map.of("resourceArn", resourceArn);
        String after = nextToken == null ? null : tokens.cursor("ListTagsForResource", parameters, nextToken);
        return requireResource(resourceArn)
                .chain(() -> tags.list(pool, resourceArn, after, PAGE_SIZE + 1))
                .map(found ->
                        Page.of(found, PAGE_SIZE, last -> tokens.issue("ListTagsForResource", parameters, last.key())));
    }

    private Uni<Void> requireResource(String resourceArn) {
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
