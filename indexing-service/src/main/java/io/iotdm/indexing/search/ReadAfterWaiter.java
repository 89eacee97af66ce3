package io.iotdm.indexing.search;

import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.indexing.index.ThingIndexState;
import io.iotdm.indexing.index.ThingIndexStateStore;
import io.iotdm.indexing.thing.Part;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.query_dsl.Query;

/**
 * Read-your-writes for the fleet index ({@value ReadAfter#HEADER}): holds a request until a search would see the
 * registry writes it names, at most {@link SearchConfig#readAfterMaxWait()}, then answers it anyway, saying in the
 * answer's {@value ReadAfter#HEADER} header whether the writes were seen ({@value #OK}) or the wait ran out
 * ({@value #TIMEOUT}).
 *
 * <p>A search sees the index as of its last refresh, not the documents as written, so the check is a count, never a
 * real-time GET. It counts on the live generation's physical index, not the alias: the alias shows live things only, and the revision
 * of a DeleteThing is on the thing's tombstone. The checks run on a worker thread; no thread is held between them.
 * Each copy of a shard refreshes on its own clock: with replicas, the search may reach a copy that the count did not
 * (devstack's single node has none).
 */
@Singleton
public class ReadAfterWaiter {

    public static final String OK = "ok";
    public static final String TIMEOUT = "timeout";

    /** Well below the refresh interval (250 ms): a write is seen soon after the refresh that makes it searchable. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    /** Where a thing's document records the registry revision of the last registry change applied to it. */
    private static final String REVISION = Part.registry().sync() + "version";

    private final OpenSearchClient client;
    private final SearchConfig config;
    private final ExtensionHeaders headers;
    private final FleetQueries queries;
    private final ThingIndexStateStore states;
    private final Clock clock = Clock.systemUTC();

    ReadAfterWaiter(
            OpenSearchClient client,
            SearchConfig config,
            ExtensionHeaders headers,
            FleetQueries queries,
            ThingIndexStateStore states) {
        this.client = client;
        this.states = states;
        this.config = config;
        this.headers = headers;
        this.queries = queries;
    }

    /** The operation's answer, computed once the writes the request names are seen or the wait ran out. */
    public Uni<AwsResponse> answer(AwsRequest request, Supplier<Uni<AwsResponse>> answer) {
        ReadAfter readAfter = headers.read(request, ReadAfter.HEADER, ReadAfter::parse, null);
        if (readAfter == null) {
            return answer.get();
        }
        return await(readAfter, clock.instant().plus(config.readAfterMaxWait())).flatMap(seen -> answer.get()
                .map(response -> response.withExtension(ReadAfter.HEADER, seen ? OK : TIMEOUT)));
    }

    private Uni<Boolean> await(ReadAfter readAfter, Instant deadline) {
        return Uni.createFrom()
                .item(() -> visible(readAfter))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(seen -> {
                    Duration left = Duration.between(clock.instant(), deadline);
                    if (seen || !left.isPositive()) {
                        return Uni.createFrom().item(seen);
                    }
                    Duration pause = left.compareTo(POLL_INTERVAL) < 0 ? left : POLL_INTERVAL;
                    return Uni.createFrom()
                            .voidItem()
                            .onItem()
                            .delayIt()
                            .by(pause)
                            .flatMap(ignored -> await(readAfter, deadline));
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
