package io.iotdm.group.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The only way to take the group-service's locks, and the one statement of their order: the rows of the groups
 * involved (FOR KEY SHARE, in name order; a write to one group locks its own row first, FOR NO KEY UPDATE or FOR
 * UPDATE, see {@link ThingGroupRepository}), then the things' advisory locks (in name order). Every change of a thing's
 * memberships holds the thing's lock until its transaction ends, so that one thing's membership changes commit in the
 * order of their revisions (consumers keep the newest revision per thing); taking the group rows first means no two
 * writes wait for each other.
 *
 * <p>PostgreSQL's advisory locks of the service, in key spaces of their own (the first key of the two-key form):
 * {@link #THINGS}, {@link #DYNAMIC_CREATION} and {@link #COORDINATOR_LEASE}.
 */
@ApplicationScoped
public class Locks {

    /** A thing's lock: (1, hash of its name), held to the end of the transaction. */
    static final int THINGS = 1;
    /** Creations of dynamic groups, serialized so that their limit holds: (2, 0), to the end of the transaction. */
    static final int DYNAMIC_CREATION = 2;
    /** The coordinator's lease: (3, 0), held by a session for as long as it leads. */
    static final int COORDINATOR_LEASE = 3;

    private final ThingGroupRepository groups;

    Locks(ThingGroupRepository groups) {
        this.groups = groups;
    }

    /**
     * Locks the named groups, then the things, until the transaction ends.
     *
     * @return the groups locked (those that exist and are not being deleted), by name
     */
    public Uni<Map<String, ThingGroup>> lock(
            SqlClient transaction, Collection<String> groupNames, Collection<String> thingNames) {
        return lock(transaction, groupNames, List.of(), thingNames);
    }

    /**
     * Locks the named groups and those that a change of the dynamic memberships of {@code involving} may touch (their
     * groups and those they match), then the things, until the transaction ends.
     *
     * @return the groups locked (those that exist and are not being deleted), by name
     */
    public Uni<Map<String, ThingGroup>> lock(
            SqlClient transaction,
            Collection<String> groupNames,
            Collection<String> involving,
            Collection<String> thingNames) {
        Uni<List<String>> involved =
                involving.isEmpty() ? Uni.createFrom().item(List.of()) : involvedGroups(transaction, involving);
        return involved.chain(names -> {
                    TreeSet<String> all = new TreeSet<>(names);
                    all.addAll(groupNames);
                    return all.isEmpty()
                            ? Uni.createFrom().item(List.<ThingGroup>of())
                            : groups.lockForMembership(transaction, all);
                })
                .call(() -> thingNames.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : transaction
                                .preparedQuery("SELECT count(*) FROM (SELECT pg_advisory_xact_lock($1, hashtext(n))"
                                        + " FROM (SELECT n FROM unnest($2::text[]) AS n ORDER BY n) AS things) AS"
                                        + " locked")
                                .execute(Tuple.tuple()
                                        .addInteger(THINGS)
                                        .addArrayOfString(thingNames.toArray(String[]::new)))
                                .replaceWithVoid())
                .map(found -> found.stream().collect(Collectors.toMap(ThingGroup::name, Function.identity())));
    }

    /**
     * The groups a reconciliation of a thing's dynamic memberships decides on, locked (FOR KEY SHARE) under the thing's
     * lock: the one place where a group row is locked after a thing's lock, when the thing's verdicts changed between
     * {@link #lock} and now (docs/architecture.md, Not done: a concurrent deletion of that group may deadlock with it,
     * and PostgreSQL aborts one of them).
     */
    public Uni<List<ThingGroup>> relockUnderThing(SqlClient transaction, Collection<String> groupNames) {
        return groups.lockForMembership(transaction, groupNames);
    }

    /** Serializes the creations of dynamic groups until the transaction ends. */
    public Uni<Void> lockDynamicCreation(SqlClient transaction) {
        return transaction
                .preparedQuery("SELECT count(*) FROM (SELECT pg_advisory_xact_lock($1, 0)) AS locked")
                .execute(Tuple.of(DYNAMIC_CREATION))
                .replaceWithVoid();
    }

    /** Tries to take the coordinator's lease on this session: it holds until {@link #releaseLease} or the session ends. */
    public static Uni<Boolean> tryLease(SqlConnection session) {
        return session.preparedQuery("SELECT pg_try_advisory_lock($1, 0)")
                .execute(Tuple.of(COORDINATOR_LEASE))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /**
     * Gives the lease (every session-level advisory lock of the session) up before the session's connection goes back
     * to the pool, where the session would keep it.
     */
    public static Uni<Void> releaseLease(SqlConnection session) {
        return session.query("SELECT pg_advisory_unlock_all()").execute().replaceWithVoid();
    }

    /**
     * The names of the groups that a change of these things' dynamic memberships may touch: a thing joins only groups
     * it matches and leaves only its own (verdicts that do not match, which name every group, deleted ones too, lock
     * nothing).
     */
    private static Uni<List<String>> involvedGroups(SqlClient client, Collection<String> thingNames) {
        return client.preparedQuery("SELECT DISTINCT name FROM (SELECT e.key AS name FROM thing_verdict v,"
                        + " jsonb_each(v.verdicts) AS e WHERE v.thing_name = ANY($1) AND (e.value ->> 'matches')::boolean"
                        + " UNION SELECT group_name FROM membership WHERE thing_name = ANY($1)) AS involved"
                        + " ORDER BY name")
                .execute(Tuple.tuple().addArrayOfString(thingNames.toArray(String[]::new)))
                .map(rows -> {
                    List<String> names = new ArrayList<>(rows.size());
                    rows.forEach(row -> names.add(row.getString(0)));
                    return names;
                });
    }
}
