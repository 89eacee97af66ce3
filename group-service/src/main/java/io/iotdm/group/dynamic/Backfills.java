package io.iotdm.group.dynamic;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.iotdm.events.DynamicGroupMessages.DocumentVersion;
import io.iotdm.group.GroupConfig;
import io.iotdm.group.store.ThingGroup;
import io.iotdm.group.store.ThingGroupRepository;
import io.iotdm.group.store.VerdictRepository.Match;
import io.iotdm.grpc.indexing.v1.DynamicGroupMatch;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Builds the membership of every dynamic group that is not ACTIVE (BUILDING after its creation, REBUILDING after a
 * query change), one group at a time, as the coordinator's work: the indexing-service streams the
 * things that match the group's current query revision, each is applied as a matching verdict (in transactions of a
 * page, {@code backfill-concurrency} pages at a time: on a busy machine one at a time left PostgreSQL waiting between
 * statements), and at the end the members not confirmed under that revision leave and the group becomes ACTIVE.
 *
 * <p>Nothing of a backfill is kept but its effects: after a crash it runs again from the start, which is harmless
 * (joins are idempotent, the end only removes unconfirmed members). Decisions keep being applied meanwhile
 * ({@link DecisionConsumer}): one about a document newer than a match wins over the match.
 */
@Singleton
public class Backfills {

    private static final Logger LOG = Logger.getLogger(Backfills.class);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration MAX_RETRY = Duration.ofMinutes(1);

    private final Pool pool;
    private final ThingGroupRepository groups;
    private final BackfillPages pages;
    private final IndexingQueries indexing;
    private final GroupConfig.Dynamic config;
    private final Map<String, Instant> retryAt = new HashMap<>();
    private final Map<String, Duration> backoff = new HashMap<>();

    Backfills(
            Pool pool, ThingGroupRepository groups, BackfillPages pages, IndexingQueries indexing, GroupConfig config) {
        this.pool = pool;
        this.groups = groups;
        this.pages = pages;
        this.indexing = indexing;
        this.config = config.dynamic();
    }

    /**
     * Backfills the oldest group that is not ACTIVE and not waiting to retry.
     *
     * @return whether a group was backfilled (another may wait)
     */
    public boolean runOnce() {
        List<ThingGroup> pending = groups.notActive(pool).await().atMost(STEP_TIMEOUT);
        Instant now = Instant.now();
        retryAt.keySet()
                .removeIf(key -> pending.stream().noneMatch(group -> key(group).equals(key)));
        backoff.keySet()
                .removeIf(key -> pending.stream().noneMatch(group -> key(group).equals(key)));
        for (ThingGroup group : pending) {
            Instant notBefore = retryAt.get(key(group));
            if (notBefore != null && now.isBefore(notBefore)) {
                continue;
            }
            backfill(group);
            return true;
        }
        return false;
    }

    private void backfill(ThingGroup group) {
        String name = group.name();
        long revision = group.dynamic().queryRevision();
        LOG.infof("Backfilling dynamic thing group %s (query revision %d)", name, revision);
        long done = 0;
        long total = 0;
        // the stream is cancelled when the backfill ends early (superseded, stopping), not left to its deadline
        Context.CancellableContext call = Context.current().withCancellation();
        Context previous = call.attach();
        try {
            Iterator<DynamicGroupMatch> stream = indexing.matches(name, revision);
            // each page's progress is reported once it and every page before it are applied, while the stream goes on
            Deque<CompletableFuture<Boolean>> pending = new ArrayDeque<>();
            CompletableFuture<Boolean> reported = CompletableFuture.completedFuture(true);
            List<Match> page = new ArrayList<>();
            while (stream.hasNext() || !page.isEmpty()) {
                if (Thread.currentThread().isInterrupted()) {
                    return; // stopping
                }
                if (stream.hasNext()) {
                    DynamicGroupMatch match = stream.next();
                    total = match.getTotal();
                    page.add(new Match(
                            match.getThingName(),
                            match.getThingId(),
                            new DocumentVersion(
                                    match.getVersion().getGeneration(),
                                    match.getVersion().getPrimaryTerm(),
                                    match.getVersion().getSeqNo())));
                }
                if (page.size() >= config.backfillPageSize() || (!stream.hasNext() && !page.isEmpty())) {
                    done += page.size();
                    long pageDone = done;
                    long pageTotal = Math.max(total, done);
                    reported = reported.thenCombine(
                                    pages.applyMatches(name, revision, page).subscribeAsCompletionStage(),
                                    (before, current) -> before && current)
                            .thenCompose(current -> current
                                    ? groups.backfillProgress(pool, name, revision, pageDone, pageTotal)
                                            .replaceWith(true)
                                            .subscribeAsCompletionStage()
                                    : CompletableFuture.completedFuture(false));
                    pending.add(reported);
                    page = new ArrayList<>();
                    if (pending.size() >= config.backfillConcurrency() && !settle(pending.poll())) {
                        return;
                    }
                }
            }
            while (!pending.isEmpty()) {
                if (!settle(pending.poll())) {
                    return;
                }
            }
            boolean activated = pages.finishBackfill(name, revision).await().atMost(STEP_TIMEOUT);
            succeeded(group);
            LOG.infof(
                    "Dynamic thing group %s %s after %d matches",
                    name, activated ? "is ACTIVE" : "changed meanwhile", done);
        } catch (StatusRuntimeException failure) {
            if (failure.getStatus().getCode() == Status.Code.ABORTED) {
                // a newer revision of the group (or its deletion) replaces this backfill: the next round takes the
                // newer revision at once; this one waits, should the percolator be ahead of the database
                LOG.infof("Backfill of %s at revision %d superseded: %s", name, revision, failure.getStatus());
                failed(group, failure.getStatus().toString());
                return;
            }
            failed(group, failure.getStatus().toString());
        } catch (RuntimeException failure) {
            failed(group, failure.toString());
        } finally {
            call.detach(previous);
            call.cancel(null);
        }
    }

    /**
     * Waits until a page and its progress are written.
     *
     * @return whether the group still has the revision being backfilled
     */
    private static boolean settle(CompletableFuture<Boolean> page) {
        try {
            return page.get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while applying a page", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("A page of matches was not applied within " + STEP_TIMEOUT, e);
        }
    }

    private void succeeded(ThingGroup group) {
        retryAt.remove(key(group));
        backoff.remove(key(group));
    }

    private void failed(ThingGroup group, String why) {
        Duration pause = backoff.getOrDefault(key(group), config.backfillRetry());
        LOG.warnf("Backfill of dynamic thing group %s failed, retrying in %s: %s", group.name(), pause, why);
        retryAt.put(key(group), Instant.now().plus(pause));
        Duration next = pause.multipliedBy(2);
        backoff.put(key(group), next.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : next);
    }

    /** Retries are per revision of a group's query: a newer revision starts at once. */
    private static String key(ThingGroup group) {
        return group.name() + "@" + group.dynamic().queryRevision();
    }
}
