package io.iotdm.indexing.search;

import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.indexing.config.ThingIndexState;
import io.iotdm.indexing.config.ThingIndexStateStore;
import io.iotdm.indexing.thing.Part;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.query_dsl.Query;

/**
 * Holds a search or an aggregation until the index shows what it must: with {@value ReadAfter#HEADER}, the registry
 * writes the header names (read-your-writes); without it, under {@code iotdm.indexing.search.consistency=read-after-write},
 * every change committed before the request ({@link FreshIndex}). At most {@link SearchConfig#readAfterMaxWait()}:
 * then it answers anyway, with what the index holds; with the header, saying in the answer's header whether the writes
 * were seen ({@value #OK}) or the wait ran out ({@value #TIMEOUT}).
 *
 * <p>The header first waits as the consistent search does (a write named there committed before the search, normally),
 * then counts the named things. A search sees the index as of its last refresh, not the documents as written, so the
 * check is a count, never a real-time GET. It counts on the live generation's physical index, not the alias: the
 * alias shows live things only, and the revision of a DeleteThing is on the thing's tombstone. A named revision not
 * seen yet (written after the search arrived) is looked for again after this instance's consumer writes its next batch
 * and a refresh, or after {@link #RECHECK} when no batch comes (the partition is another instance's). No thread is held
 * between the looks. Each copy of a shard refreshes on its own: with replicas, the search may reach a copy that the
 * count did not (devstack's single node has none).
 */
@Singleton
public class ReadAfterWaiter {

    public static final String OK = "ok";
    public static final String TIMEOUT = "timeout";

    /** The scheduled refresh interval (250 ms): writes of other instances are looked for no more often than that. */
    static final Duration RECHECK = Duration.ofMillis(250);

    /** Where a thing's document records the registry revision of the last registry change applied to it. */
    private static final String REVISION = Part.registry().sync() + "version";

    private final OpenSearchClient client;
    private final SearchConfig config;
    private final ExtensionHeaders headers;
    private final FleetQueries queries;
    private final ThingIndexStateStore states;
    private final FreshIndex fresh;
    private final IndexRefresher refresher;
    private final WrittenOffsets progress;

    ReadAfterWaiter(
            OpenSearchClient client,
            SearchConfig config,
            ExtensionHeaders headers,
            FleetQueries queries,
            ThingIndexStateStore states,
            FreshIndex fresh,
            IndexRefresher refresher,
            WrittenOffsets progress) {
        this.client = client;
        this.states = states;
        this.config = config;
        this.headers = headers;
        this.queries = queries;
        this.fresh = fresh;
        this.refresher = refresher;
        this.progress = progress;
    }

    /** The operation's answer, computed once the index shows what the request must see or the wait ran out. */
    public Uni<AwsResponse> answer(AwsRequest request, Supplier<Uni<AwsResponse>> answer) {
        ReadAfter readAfter = headers.read(request, ReadAfter.HEADER, ReadAfter::parse, null);
        long deadline = System.nanoTime() + config.readAfterMaxWait().toNanos();
        if (readAfter == null) {
            return config.consistency() == SearchConfig.Consistency.READ_AFTER_WRITE
                    ? fresh.caughtUp(deadline).flatMap(caughtUp -> answer.get())
                    : answer.get();
        }
        return fresh.caughtUp(deadline)
                .flatMap(caughtUp -> seen(readAfter, deadline))
                .flatMap(seen ->
                        answer.get().map(response -> response.withExtension(ReadAfter.HEADER, seen ? OK : TIMEOUT)));
    }

    private Uni<Boolean> seen(ReadAfter readAfter, long deadline) {
        CompletableFuture<Void> batch = progress.nextBatch(); // before the count: a batch after it cannot be missed
        return Uni.createFrom()
                .item(() -> visible(readAfter))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(seen -> {
                    long left = deadline - System.nanoTime();
                    if (seen || left <= 0) {
                        return Uni.createFrom().item(seen);
                    }
                    return Uni.createFrom()
                            .completionStage(batch.copy()) // a copy: giving up on it must not cancel other waiters'
                            .ifNoItem()
                            .after(Duration.ofNanos(Math.min(left, RECHECK.toNanos())))
                            .recoverWithItem((Void) null)
                            .flatMap(next -> System.nanoTime() < deadline
                                    ? refresher.refresh().flatMap(refreshed -> seen(readAfter, deadline))
                                    : Uni.createFrom().item(false));
                });
    }

    /** Whether a search now sees every named thing at (at least) its revision. Blocking. */
    private boolean visible(ReadAfter readAfter) {
        List<Query> writes = readAfter.revisions().entrySet().stream()
                .map(write -> Query.of(q -> q.bool(b -> b.filter(f -> f.ids(ids -> ids.values(write.getKey())))
                        .filter(f -> f.range(r -> r.field(REVISION).gte(JsonData.of(write.getValue())))))))
                .toList();
        ThingIndexState.Generation live = states.current().live();
        if (live == null) {
            return false; // nothing answers yet: the operation itself says IndexNotReadyException
        }
        try {
            long seen = client.count(count -> count.index(live.index())
                            .query(q -> q.bool(b -> b.should(writes).minimumShouldMatch("1"))))
                    .count();
            return seen == readAfter.revisions().size();
        } catch (OpenSearchException e) {
            throw queries.failure(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
