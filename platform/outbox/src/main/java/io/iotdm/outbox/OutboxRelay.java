package io.iotdm.outbox;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.opentelemetry.api.trace.Span;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox to Kafka in commit order and deletes what Kafka acknowledged. One instance of a service relays
 * at a time (a PostgreSQL advisory lock held by the relay's connection, released if that instance dies), so one
 * resource's events reach its partition in the order they committed. A crash between publishing and deleting
 * publishes those events again on restart: duplicates are possible, with the same event id; losses are not. An event
 * that Kafka refuses for good (too large for the topic, an invalid topic) is moved to the dead-letter table by
 * {@link DeadLetters}, logged and counted, so that it does not hold up the events behind it.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final JsonMapper JSON = new JsonMapper();
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {};
    private static final long LOCK_KEY = 0x696f74646d6f7574L; // "iotdmout": one relay per service database

    private final AgroalDataSource dataSource;
    private final OutboxConfig config;
    private final DeadLetters deadLetters;
    private final OutboxTracing tracing;
    private final Counter published;
    private final MeterRegistry registry;
    private final String bootstrapServers;
    private final BlockingQueue<Boolean> wakeUps = new ArrayBlockingQueue<>(1);
    private final AtomicReference<CompletableFuture<Void>> nextPass = new AtomicReference<>(new CompletableFuture<>());
    private volatile boolean running;
    private volatile State state = State.DISABLED;
    private Thread thread;

    OutboxRelay(
            AgroalDataSource dataSource,
            OutboxConfig config,
            DeadLetters deadLetters,
            OutboxTracing tracing,
            MeterRegistry registry,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.dataSource = dataSource;
        this.config = config;
        this.deadLetters = deadLetters;
        this.tracing = tracing;
        this.registry = registry;
        this.published = Counter.builder("iotdm.outbox.published")
                .description("Outbox events this instance published to Kafka and forgot")
                .register(registry);
        this.bootstrapServers = bootstrapServers;
    }

    void start(@Observes StartupEvent started) {
        if (!config.relayEnabled()) {
            return;
        }
        running = true;
        state = State.STANDBY;
        thread = Thread.ofPlatform().name("outbox-relay").daemon().start(this::run);
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    /** Events have just committed: relay now rather than at the next poll. */
    void wake() {
        wakeUps.offer(Boolean.TRUE);
    }

    /**
     * Completes once this instance's relay has next read the outbox and published and forgotten what it read (never
     * while another instance relays).
     */
    CompletableFuture<Void> nextPass() {
        return nextPass.get();
    }

    private void run() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                // the outbox swings between empty and a backlog: generic plans made while it was empty
                // seq-scanned a 150,000-row backlog for each batch's delete (1-2 s a batch, the backlog growing)
                try (Statement planning = connection.createStatement()) {
                    planning.execute("SET plan_cache_mode = force_custom_plan");
                }
                if (lock(connection)) {
                    LOG.info("Relaying the outbox to Kafka");
                    // a new producer after each failure: one that entered a fatal state fails every send after it
                    // the producer's own metrics (kafka_producer_*: send errors, retries, request latency) for as
                    // long as it lives; closing the binder removes them with it
                    try (KafkaProducer<String, byte[]> producer = producer();
                            KafkaClientMetrics producerMetrics = new KafkaClientMetrics(producer)) {
                        producerMetrics.bindTo(registry);
                        state = State.RELAYING;
                        while (running) {
                            int relayed = relayOnce(connection, producer);
                            nextPass.getAndSet(new CompletableFuture<>()).complete(null);
                            if (relayed < config.batchSize()) {
                                awaitWork();
                            }
                        }
                    } finally {
                        unlock(connection); // the connection goes back to the pool, its session stays
                    }
                } else {
                    state = State.STANDBY;
                    awaitWork(); // another instance relays; try again later
                }
            } catch (InterruptedException stopping) {
                return;
            } catch (Exception failure) {
                state = State.RETRYING;
                LOG.warnf("Outbox relay failed, retrying: %s", failure.toString());
                pause();
            }
        }
    }

    /**
     * Publishes one batch and forgets what Kafka acknowledged, in commit order, up to the first event that may pass on
     * a later try: that one and those after it stay for the next round (some may be published again). An event Kafka
     * refuses for good is moved to the dead-letter table instead, and the ones behind it go on.
     *
     * @return how many events were published or moved aside
     */
    private int relayOnce(Connection connection, KafkaProducer<String, byte[]> producer)
            throws SQLException, InterruptedException, ExecutionException {
        List<Sent> sent = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, topic, record_key, headers, payload FROM iotdm_outbox ORDER BY id LIMIT ?")) {
            select.setInt(1, config.batchSize());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    long id = rows.getLong(1);
                    String topic = rows.getString(2);
                    String key = rows.getString(3);
                    sent.add(send(producer, id, topic, key, rows.getString(4), rows.getString(5)));
                }
            }
        }
        List<Long> delivered = new ArrayList<>();
        List<DeadLetters.Refused> refused = new ArrayList<>();
        ExecutionException retry = null;
        for (Sent record : sent) {
            try {
                record.acknowledgement().get(); // acknowledged by every in-sync replica (acks=all)
                record.span().end();
                delivered.add(record.id());
            } catch (ExecutionException failed) {
                OutboxTracing.refused(record.span(), failed.getCause());
                if (!DeadLetters.permanent(failed.getCause())) {
                    retry = failed;
                    break;
                }
                refused.add(new DeadLetters.Refused(record.id(), record.topic(), record.key(), failed.getCause()));
            }
        }
        deadLetters.move(connection, refused);
        forget(connection, delivered);
        published.increment(delivered.size());
        if (retry != null) {
            throw retry;
        }
        return sent.size();
    }

    /** @return the event with Kafka's acknowledgement, or the failure that refuses the record before it is sent */
    private Sent send(
            KafkaProducer<String, byte[]> producer, long id, String topic, String key, String headers, String payload) {
        Span span = Span.getInvalid();
        try {
            ProducerRecord<String, byte[]> record =
                    new ProducerRecord<>(topic, key, payload.getBytes(StandardCharsets.UTF_8));
            Map<String, String> recordHeaders = readHeaders(headers);
            span = tracing.publishing(topic, recordHeaders);
            recordHeaders.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
            return new Sent(id, topic, key, producer.send(record), span);
        } catch (UnreadableHeaders | SerializationException refused) {
            return new Sent(id, topic, key, CompletableFuture.failedFuture(refused), span);
        }
    }

    private static void forget(Connection connection, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM iotdm_outbox WHERE id = ANY(?)")) {
            Array idArray = connection.createArrayOf("bigint", ids.toArray());
            delete.setArray(1, idArray);
            delete.executeUpdate();
        }
    }

    private static boolean lock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            lock.setLong(1, LOCK_KEY);
            try (ResultSet result = lock.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    private static void unlock(Connection connection) {
        try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            unlock.setLong(1, LOCK_KEY);
            unlock.execute();
        } catch (SQLException lost) {
            LOG.debugf("The relay's session ended, and its lock with it: %s", lost.toString());
        }
    }

    private void awaitWork() throws InterruptedException {
        wakeUps.poll(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static Map<String, String> readHeaders(String json) {
        try {
            return JSON.readValue(json, HEADERS);
        } catch (IOException e) {
            throw new UnreadableHeaders(json, e);
        }
    }

    /** A row whose headers are not a JSON object of strings: no try will publish it. */
    static final class UnreadableHeaders extends RuntimeException {

        UnreadableHeaders(String headers, IOException cause) {
            super("Unreadable outbox headers: " + headers, cause);
        }
    }

    private record Sent(long id, String topic, String key, Future<RecordMetadata> acknowledgement, Span span) {}

    /** What the relay of this instance is doing, for the health check. */
    enum State {
        DISABLED,
        STANDBY,
        RELAYING,
        RETRYING
    }

    State state() {
        return state;
    }

    /** @return whether the relay runs, or is disabled on this instance */
    boolean alive() {
        return state == State.DISABLED || (thread != null && thread.isAlive());
    }

    private KafkaProducer<String, byte[]> producer() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "iotdm-outbox-relay");
        properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, config.maxRequestBytes());
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(properties);
    }
}
