package io.iotdm.provisioning.store;

import io.iotdm.aws.service.AwsErrors;
import io.iotdm.tags.Tag;
import io.iotdm.tags.TagRepository;
import io.iotdm.tags.TagService;
import io.smallrye.mutiny.Uni;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The tags a create request carries, written in the create's session so that a resource never exists without them;
 * platform/tags serves TagResource, UntagResource and ListTagsForResource over the same {@code tag} table.
 */
public final class ResourceTags {

    private ResourceTags() {}

    /**
     * A create's tags are at most {@link TagService#MAX_TAGS}, as TagResource allows; checked before the create writes.
     *
     * @param errorShape the create's error for it: LimitExceededException where the operation declares it,
     *     InvalidRequestException where it does not (CreatePolicy, docs/aws-behaviour.md §6.4)
     */
    public static void checkCount(List<Tag> tags, String errorShape, AwsErrors errors) {
        if (tags.size() > TagService.MAX_TAGS) {
            throw errors.iot(
                    errorShape,
                    "A resource can have at most " + TagService.MAX_TAGS + " tags; this one would have " + tags.size());
        }
    }

    public static Uni<Void> put(Mutiny.Session session, String resourceArn, List<Tag> tags) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Tag tag : tags) {
            chain = chain.chain(() -> session.createNativeQuery(TagRepository.PUT_ONE)
                    .setParameter("arn", resourceArn)
                    .setParameter("key", tag.key())
                    .setParameter("value", tag.value())
                    .executeUpdate()
                    .replaceWithVoid());
        }
        return chain;
    }

    /** A deleted resource's tags. */
    public static Uni<Void> removeAll(Mutiny.Session session, String resourceArn) {
        return session.createNativeQuery(TagRepository.REMOVE_ALL_OF)
                .setParameter("arn", resourceArn)
                .executeUpdate()
                .replaceWithVoid();
    }
}
