package io.iotdm.group.coordinator;

import static io.iotdm.group.Api.unique;
import static io.iotdm.group.Dynamic.await;
import static io.iotdm.group.Dynamic.awaitStatus;
import static io.iotdm.group.Dynamic.createDynamicWithQuery;
import static io.iotdm.group.Dynamic.deleteDynamic;
import static io.iotdm.group.Dynamic.members;
import static io.iotdm.group.Dynamic.status;
import static io.iotdm.group.TestIndexing.match;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotdm.group.GroupTestResource;
import io.iotdm.group.TestIndexing;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One instance at a time does the background work; another takes over when the first one's session ends. */
@QuarkusTest
@GroupTestResource
class CoordinatorLeaseTest {

    private static final String HOLDERS =
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = 3 AND objid = 0 AND granted";

    @Inject
    Pool pool;

    @Inject
    TestIndexing indexing;

    @Test
    void anotherInstanceTakesTheLeaseWhenTheHoldersSessionEndsAndOnlyTheHolderWorks() throws Exception {
        await(() -> holders().size(), 1);
        try (Lease other = new Lease(pool)) {
            assertThat(other.hold()).isFalse();

            // the coordinator's session ends (its instance died, or lost the database): the other instance takes over
            // (at once, or after ending the session again should the coordinator have taken the lease back first)
            await(
                    () -> {
                        if (other.hold()) {
                            return true;
                        }
                        pool.query("SELECT pg_terminate_backend(pid) FROM (" + HOLDERS + ") AS holder")
                                .execute()
                                .await()
                                .indefinitely();
                        return other.hold();
                    },
                    true);

            // while the other instance holds the lease, this one builds nothing
            String group = unique("leased");
            String thing = unique("t1");
            indexing.script(group, List.of(match(thing, "id1", 1, 1)));
            createDynamicWithQuery(group, "attributes.v:1").statusCode(200);
            Thread.sleep(2500); // the coordinator's interval is 1 s in tests
            assertThat(status(group)).isEqualTo("BUILDING");

            other.close();
            awaitStatus(group, "ACTIVE");
            assertThat(members(group)).containsExactly(thing);
            deleteDynamic(group).statusCode(200);
        }
    }

    private List<Integer> holders() {
        List<Integer> pids = new java.util.ArrayList<>();
        pool.query(HOLDERS).execute().await().indefinitely().forEach(row -> pids.add(row.getInteger(0)));
        return pids;
    }
}
