package io.iotdm.devicegateway.logging;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.events.AccountConfiguration;
import io.iotdm.iotpolicy.IotResources;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Writes AWS's v2 log entries of the message broker (docs/aws-behaviour.md §8) for the clients whose log level includes
 * them: JSON with AWS's members, on {@value AccountConfiguration#LOGS_TOPIC} (key the client id; channel {@value
 * #CHANNEL}) and in the service log under the category {@value #CATEGORY}. A Success entry is INFO, a Failure ERROR,
 * as in AWS's examples. Writing never holds up the MQTT request it is about: the level is decided and the entry sent
 * after the caller has gone on, and an entry that the producer cannot take (its buffer full while Kafka is away) is
 * dropped with a warning in the service log, where it is written all the same.
 */
@ApplicationScoped
public class V2Logs {

    static final String CHANNEL = "v2-logs";

    /** AWS's log group, the service log's category for the entries. */
    static final String CATEGORY = "AWSIotLogsV2";

    public static final String CONNECT = "Connect";
    public static final String DISCONNECT = "Disconnect";
    public static final String PUBLISH_IN = "Publish-In";
    public static final String PUBLISH_OUT = "Publish-Out";
    public static final String SUBSCRIBE = "Subscribe";

    private static final Logger ENTRIES = Logger.getLogger(CATEGORY);
    private static final Logger LOG = Logger.getLogger(V2Logs.class);
    private static final JsonMapper JSON = new JsonMapper();
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final LogLevels levels;
    private final Emitter<byte[]> entries;
    private final String accountId;
    private final Clock clock;

    V2Logs(
            LogLevels levels,
            @Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10_000)
                    Emitter<byte[]> entries,
            IotResources resources) {
        this.levels = levels;
        this.entries = entries;
        this.accountId = resources.account();
        this.clock = Clock.systemUTC();
    }

    /**
     * Logs a client's request on a topic (a publish, a subscription, a delivery) and whether it was allowed; a refusal
     * has AWS's {@code reason} {@code AUTHORIZATION_FAILURE}.
     *
     * @param client asked for only when something may be logged
     */
    public void request(Supplier<ClientLog> client, String eventType, String topicName, boolean allowed) {
        if (!levels.enabled()) {
            return;
        }
        event(
                client,
                eventType,
                allowed,
                allowed
                        ? Map.of("topicName", topicName)
                        : Map.of(
                                "topicName", topicName,
                                "reason", "AUTHORIZATION_FAILURE",
                                "details", "Authorization Failure"));
    }

    /**
     * Logs one event of a client, if the client's level includes it.
     *
     * @param who asked for only when something may be logged
     * @param eventType AWS's {@code eventType}, one of the constants here
     * @param attributes the event's own members besides the common ones ({@code topicName}, {@code reason}, {@code
     *     details})
     */
    public void event(Supplier<ClientLog> who, String eventType, boolean success, Map<String, String> attributes) {
        if (!levels.enabled()) {
            return;
        }
        ClientLog client = who.get();
        LogLevel entryLevel = success ? LogLevel.INFO : LogLevel.ERROR;
        String timestamp = TIMESTAMP.format(clock.instant());
        levels.level(client).thenAccept(level -> {
            if (level.isPresent() && level.get().includes(entryLevel)) {
                write(client, entry(timestamp, entryLevel, client, eventType, success, attributes));
            }
        });
    }

    private ObjectNode entry(
            String timestamp,
            LogLevel level,
            ClientLog client,
            String eventType,
            boolean success,
            Map<String, String> attributes) {
        ObjectNode entry = JSON.createObjectNode()
                .put("timestamp", timestamp)
                .put("logLevel", level.name())
                .put("traceId", UUID.randomUUID().toString())
                .put("accountId", accountId)
                .put("status", success ? "Success" : "Failure")
                .put("eventType", eventType)
                .put("protocol", "MQTT")
                .put("clientId", client.clientId());
        if (client.principalId() != null) {
            entry.put("principalId", client.principalId());
        }
        if (client.sourceIp() != null) {
            entry.put("sourceIp", client.sourceIp());
        }
        attributes.forEach(entry::put);
        return entry;
    }

    private void write(ClientLog client, ObjectNode entry) {
        String json = entry.toString();
        ENTRIES.info(json);
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(AccountConfiguration.LOGS_TOPIC)
                .withKey(client.clientId())
                .build();
        try {
            entries.send(Message.of(
                    json.getBytes(StandardCharsets.UTF_8),
                    Metadata.of(metadata),
                    () -> CompletableFuture.completedFuture(null),
                    failure -> {
                        LOG.debugf("A log entry of client %s did not reach Kafka: %s", client.clientId(), failure);
                        return CompletableFuture.completedFuture(null);
                    }));
        } catch (RuntimeException full) {
            LOG.warnf("A log entry of client %s was not sent to Kafka: %s", client.clientId(), full.toString());
        }
    }
}
