package io.iotdm.tags;

import io.iotdm.aws.protocol.PaginationTokens;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.Page;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** The tags of the resources that this service owns ({@link TaggedResources}), by ARN. */
@ApplicationScoped
public class TagService {

    /** AWS: 50 tags per resource. */
    public static final int MAX_TAGS = 50;

    static final int PAGE_SIZE = 50;

    private final Pool pool;
    private final TagRepository tags;
    private final TaggedResources resources;
    private final AwsErrors errors;
    private final PaginationTokens tokens;

    TagService(Pool pool, TagRepository tags, TaggedResources resources, AwsErrors errors, PaginationTokens tokens) {
        this.pool = pool;
        this.tags = tags;
        this.resources = resources;
        this.errors = errors;
        this.tokens = tokens;
    }

    public Uni<Void> tag(String resourceArn, List<Tag> added) {
        return pool.withTransaction(transaction -> resources
                .requireResource(resourceArn)
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
        return resources
                .requireResource(resourceArn)
                .chain(() -> pool.withTransaction(transaction -> tags.remove(transaction, resourceArn, keys)));
    }

    public Uni<Page<Tag>> list(String resourceArn, String nextToken) {
        Map<String, String> parameters = Map.of("resourceArn", resourceArn);
        String after = nextToken == null ? null : tokens.cursor("ListTagsForResource", parameters, nextToken);
        return resources
                .requireResource(resourceArn)
                .chain(() -> tags.list(pool, resourceArn, after, PAGE_SIZE + 1))
                .map(found ->
                        Page.of(found, PAGE_SIZE, last -> tokens.issue("ListTagsForResource", parameters, last.key())));
    }
}
