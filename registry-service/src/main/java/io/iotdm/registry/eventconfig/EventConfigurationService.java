package io.iotdm.registry.eventconfig;

import io.iotdm.aws.protocol.AwsModel;
import io.iotdm.events.AccountConfiguration;
import io.iotdm.outbox.Outcome;
import io.iotdm.outbox.TransactionalOutbox;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The registry and job event types the account wants on MQTT (docs/aws-behaviour.md §3). Events go to Kafka whatever
 * this says, so that iotdm's own consumers (indexing, groups, jobs) never miss a change; the configuration only
 * decides which of them the device gateway republishes on {@code $aws/events/...}. Lifecycle events (presence,
 * subscriptions) are not configurable and always published. Every change publishes the whole configuration on
 * {@value AccountConfiguration#TOPIC} in its transaction, which is how the gateways learn it (docs/architecture.md,
 * "Account settings for the device gateway").
 */
@ApplicationScoped
public class EventConfigurationService {

    private static final Logger LOG = Logger.getLogger(EventConfigurationService.class);

    private final Pool pool;
    private final TransactionalOutbox outbox;
    private final EventConfigurationRepository configurations;
    private final List<String> eventTypes;
    private final Clock clock;

    EventConfigurationService(
            Pool pool,
            TransactionalOutbox outbox,
            EventConfigurationRepository configurations,
            AwsModel model,
            Clock clock) {
        this.pool = pool;
        this.outbox = outbox;
        this.configurations = configurations;
        this.eventTypes = model.service("iot").shape("EventType").enumValues();
        this.clock = clock;
    }

    /** Every event type of the model with whether it is on. */
    public Uni<EventConfigurations> describe() {
        return configurations.find(pool).map(found -> found.covering(eventTypes));
    }

    /** Sets the given types and leaves the others as they are. */
    public Uni<Void> update(Map<String, Boolean> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        return outbox.commit(transaction -> configurations
                .lock(transaction)
                .chain(() -> configurations.update(transaction, changes, now))
                .chain(() -> published(transaction, now)));
    }

    /**
     * Publishes the configuration as it is at every start, so that a topic that lacks it (a deployment older than the
     * topic, a topic recreated) gets it without waiting for a change; publishing it again changes nothing.
     */
    void publishAtStart(@Observes StartupEvent start) {
        outbox.commit(transaction ->
                        configurations.lock(transaction).chain(() -> published(transaction, clock.instant())))
                .subscribe()
                .with(
                        published -> {},
                        failure -> LOG.warnf(
                                "The event configuration was not published at start (the next change publishes it): %s",
                                failure.toString()));
    }

    /** The whole configuration, read under the lock, as the event of the change. */
    private Uni<Outcome<Void>> published(SqlConnection transaction, Instant now) {
        return configurations
                .find(transaction)
                .map(found -> Outcome.of(
                        null,
                        new AccountConfiguration.EventConfigurations(
                                        found.covering(eventTypes).enabled(), now.toEpochMilli())
                                .event()));
    }

    /**
     * Whether events of a type are to be republished to MQTT.
     *
     * @param eventType one of the model's {@code EventType} values, for example {@code THING}
     */
    public Uni<Boolean> enabled(String eventType) {
        if (!eventTypes.contains(eventType)) {
            return Uni.createFrom()
                    .failure(new IllegalArgumentException(
                            "Not an event type of UpdateEventConfigurations: " + eventType));
        }
        return configurations.enabled(pool, eventType);
    }
}
