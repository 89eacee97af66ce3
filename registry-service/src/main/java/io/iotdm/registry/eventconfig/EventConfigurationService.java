package io.iotdm.registry.eventconfig;

import io.iotdm.aws.protocol.AwsModel;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The registry and job event types the account wants on MQTT (docs/aws-behaviour.md §3). Events go to Kafka whatever
 * this says, so that iotdm's own consumers (indexing, groups, jobs) never miss a change; the configuration only
 * decides which of them the device gateway republishes on {@code $aws/events/...}. Lifecycle events (presence,
 * subscriptions) are not configurable and always published.
 */
@ApplicationScoped
public class EventConfigurationService {

    private final Pool pool;
    private final EventConfigurationRepository configurations;
    private final List<String> eventTypes;
    private final Clock clock;

    EventConfigurationService(Pool pool, EventConfigurationRepository configurations, AwsModel model, Clock clock) {
        this.pool = pool;
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
        return configurations.update(pool, changes, clock.instant());
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
