package io.iotdm.provisioning.store;

import io.iotdm.tags.Tag;
import io.iotdm.tags.TagRepository;
import io.smallrye.mutiny.Uni;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The tags a create request carries, written in the create's session so that a resource never exists without them;
 * platform/tags serves TagResource, UntagResource and ListTagsForResource over the same {@code tag} table.
 */
public final class ResourceTags {

    private ResourceTags() {}

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
