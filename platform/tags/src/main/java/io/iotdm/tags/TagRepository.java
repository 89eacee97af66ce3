package io.iotdm.tags;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** The tags of registry resources, by ARN. */
@ApplicationScoped
public class TagRepository {

    /**
     * {@link #put} of one tag with named parameters ({@code :arn}, {@code :key}, {@code :value}), for a service whose
     * writes run in a Hibernate Reactive session instead of on a Vert.x connection (provisioning-service).
     */
    public static final String PUT_ONE =
            """
            INSERT INTO tag (resource_arn, tag_key, tag_value) VALUES (:arn, :key, :value)
            ON CONFLICT (resource_arn, tag_key) DO UPDATE SET tag_value = excluded.tag_value""";

    /** {@link #removeAll} with a named parameter ({@code :arn}), as {@link #PUT_ONE}. */
    public static final String REMOVE_ALL_OF = "DELETE FROM tag WHERE resource_arn = :arn";

    /** Adds tags, replacing the values of keys already there. */
    public Uni<Void> put(SqlClient transaction, String resourceArn, List<Tag> tags) {
        if (tags.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] keys = tags.stream().map(Tag::key).toArray(String[]::new);
        String[] values = tags.stream().map(Tag::value).toArray(String[]::new);
        return transaction
                .preparedQuery(
                        """
                        INSERT INTO tag (resource_arn, tag_key, tag_value)
                        SELECT $1, k, v FROM unnest($2::text[], $3::text[]) AS t(k, v)
                        ON CONFLICT (resource_arn, tag_key) DO UPDATE SET tag_value = excluded.tag_value""")
                .execute(Tuple.of(resourceArn, keys, values))
                .replaceWithVoid();
    }

    public Uni<Void> remove(SqlClient transaction, String resourceArn, List<String> keys) {
        return transaction
                .preparedQuery("DELETE FROM tag WHERE resource_arn = $1 AND tag_key = ANY($2)")
                .execute(Tuple.of(resourceArn, keys.toArray(String[]::new)))
                .replaceWithVoid();
    }

    public Uni<Void> removeAll(SqlClient transaction, String resourceArn) {
        return transaction
                .preparedQuery("DELETE FROM tag WHERE resource_arn = $1")
                .execute(Tuple.of(resourceArn))
                .replaceWithVoid();
    }

    /** How many tags the resource would have with these keys added. */
    public Uni<Integer> countWith(SqlClient client, String resourceArn, List<String> keys) {
        return client.preparedQuery(
                        """
                SELECT count(*) FROM (SELECT tag_key FROM tag WHERE resource_arn = $1
                UNION SELECT unnest($2::text[])) AS k""")
                .execute(Tuple.of(resourceArn, keys.toArray(String[]::new)))
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    /** One page of tags in key order, after {@code afterKey} ({@code null} for the first page). */
    public Uni<List<Tag>> list(SqlClient client, String resourceArn, String afterKey, int limit) {
        return client.preparedQuery(
                        """
                SELECT tag_key, tag_value FROM tag WHERE resource_arn = $1 AND tag_key > $2
                ORDER BY tag_key LIMIT $3""")
                .execute(Tuple.of(resourceArn, afterKey == null ? "" : afterKey, limit))
                .map(rows -> {
                    List<Tag> tags = new ArrayList<>(rows.size());
                    rows.forEach(row -> tags.add(new Tag(row.getString(0), row.getString(1))));
                    return tags;
                });
    }
}
