package io.iotdm.indexing.search;

import io.iotdm.indexing.index.GroupIndex;
import io.iotdm.indexing.index.ThingIndex;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * Makes what is written to the fleet indices searchable, for the searches that must see it: an explicit
 * {@code _refresh}, never a wait for the scheduled one (a shard that has not been searched for a while skips its
 * scheduled refreshes). Concurrent callers share refreshes: at most one runs and one waits to start after it, so that
 * every caller gets a refresh that began after its call, and a burst of searches costs two refreshes, not one each.
 */
@Singleton
class IndexRefresher {

    private static final Logger LOG = Logger.getLogger(IndexRefresher.class);

    private final OpenSearchClient client;
    private CompletableFuture<Void> running;
    private CompletableFuture<Void> queued;

    IndexRefresher(OpenSearchClient client) {
        this.client = client;
    }

    /** Completes after a refresh of the thing and group indices that began after the call (failures are logged). */
    Uni<Void> refresh() {
        CompletableFuture<Void> mine;
        synchronized (this) {
            if (running == null) {
                running = new CompletableFuture<>();
                mine = running;
                start();
            } else {
                if (queued == null) {
                    queued = new CompletableFuture<>();
                }
                mine = queued;
            }
        }
        return Uni.createFrom().completionStage(mine.copy());
    }

    private void start() {
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                client.indices().refresh(refresh -> refresh.index(ThingIndex.ALIAS, GroupIndex.ALIAS)
                        .ignoreUnavailable(true)
                        .allowNoIndices(true));
            } catch (IOException | RuntimeException e) { // a refresh that failed leaves the search to the scheduled one
                LOG.warnf("Refreshing the fleet indices failed: %s", e.toString());
            }
            CompletableFuture<Void> done;
            synchronized (this) {
                done = running;
                running = queued;
                queued = null;
                if (running != null) {
                    start();
                }
            }
            done.complete(null);
        });
    }
}
