package io.iotdm.registry.shadow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.PaginationTokens;
import io.iotdm.aws.service.Page;
import io.iotdm.events.ShadowEvents;
import io.iotdm.outbox.Outcome;
import io.iotdm.outbox.TransactionalOutbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Shadows, classic and named (docs/aws-behaviour.md §4): each accepted update or deletion commits with its document on
 * {@code aws.things.shadow}. Failures are {@link ShadowException}s, which each transport renders its own way.
 */
@ApplicationScoped
public class ShadowService {

    private final Pool pool;
    private final TransactionalOutbox outbox;
    private final ShadowRepository shadows;
    private final ShadowEngine engine = new ShadowEngine();
    private final PaginationTokens tokens;
    private final Clock clock;

    ShadowService(
            Pool pool, TransactionalOutbox outbox, ShadowRepository shadows, PaginationTokens tokens, Clock clock) {
        this.pool = pool;
        this.outbox = outbox;
        this.shadows = shadows;
        this.tokens = tokens;
        this.clock = clock;
    }

    /**
     * @param shadowName {@code null} for the classic shadow
     * @return the GET document
     */
    public Uni<byte[]> get(String thingName, String shadowName) {
        return shadows.find(pool, thingName, shadowName).map(stored -> {
            if (stored.document() == null) {
                throw ShadowException.noShadow(shadowName == null ? thingName : shadowName, null);
            }
            return engine.get(stored.document(), clock.instant().getEpochSecond(), null);
        });
    }

    /** @return the {@code /update/accepted} document */
    public Uni<byte[]> update(String thingName, String shadowName, byte[] request) {
        ShadowUpdate update = ShadowUpdate.parse(request);
        Instant now = clock.instant();
        return outbox.commit(transaction -> shadows.lock(transaction, thingName, shadowName, now)
                .chain(stored -> {
                    long seconds = now.getEpochSecond();
                    ShadowUpdateResult result = stored.document() != null
                            ? engine.apply(Optional.of(stored.document()), update, seconds)
                            : stored.tombstone() != null
                                    ? engine.recreate(stored.tombstone(), update, seconds)
                                    : engine.apply(Optional.empty(), update, seconds);
                    return shadows.save(transaction, thingName, shadowName, result.document(), now)
                            .replaceWith(Outcome.of(
                                    result.accepted(),
                                    ShadowEvents.updated(
                                            thingName,
                                            shadowName,
                                            result.document().version(),
                                            object(result.documents()))));
                }));
    }

    /** @return the {@code /delete/accepted} document */
    public Uni<byte[]> delete(String thingName, String shadowName) {
        Instant now = clock.instant();
        return outbox.commit(transaction -> shadows.lock(transaction, thingName, shadowName, now)
                .chain(stored -> {
                    if (stored.document() == null) {
                        throw ShadowException.noShadow(shadowName == null ? thingName : shadowName, null);
                    }
                    ShadowDeleteResult result = engine.delete(stored.document(), now.getEpochSecond(), null);
                    return shadows.markDeleted(transaction, thingName, shadowName, result.tombstone())
                            .replaceWith(Outcome.of(
                                    result.accepted(),
                                    ShadowEvents.deleted(
                                            thingName,
                                            shadowName,
                                            result.tombstone().version(),
                                            object(result.accepted()))));
                }));
    }

    /** One page of the names of a thing's named shadows. */
    public Uni<Page<String>> namedShadows(String thingName, String nextToken, int pageSize) {
        Map<String, String> parameters = Map.of("thingName", thingName);
        String after = nextToken == null ? null : tokens.cursor("ListNamedShadowsForThing", parameters, nextToken);
        return shadows.names(pool, thingName, after, pageSize + 1)
                .map(names ->
                        Page.of(names, pageSize, last -> tokens.issue("ListNamedShadowsForThing", parameters, last)));
    }

    /** The live shadows of these things that the selection asks for, in thing and shadow name order. */
    public Uni<List<ThingShadow>> live(List<String> thingNames, ShadowSelection selection) {
        if (selection.none() || thingNames.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return shadows.live(pool, thingNames, selection);
    }

    /** Read as shadow JSON, so that the event carries the numbers as stored: 21.50 stays 21.50. */
    private static ObjectNode object(byte[] json) {
        try {
            return (ObjectNode) ShadowJson.read(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
