package io.iotdm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotdm.devstack.DevStackProcess;
import io.iotdm.devstack.StackAddresses;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * {@code kill -9} of the registry-service in the middle of a stream of writes: after a restart on the same data,
 * every write that was answered 200 has its event on Kafka. (A write answered 200 committed with its event in the
 * outbox; the restarted relay publishes what the killed one had not.)
 */
class CrashRecoveryTest {

    private static final int WRITES = 400;

    @Test
    void noAcknowledgedWriteLosesItsEvent() throws Exception {
        Path data = Path.of("target", "crash-suite");
        Path root = Path.of(System.getProperty("iotdm.project.root"));
        String prefix = "crash-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (DevStackProcess suite = DevStackProcess.start(data, true, root);
                IotClient iot = Suite.iot(suite.addresses(), suite.addresses().get(StackAddresses.API_SECRET_KEY))) {
            AtomicInteger next = new AtomicInteger();
            ExecutorService writers = Executors.newFixedThreadPool(8);
            for (int w = 0; w < 8; w++) {
                writers.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < WRITES) {
                        String name = prefix + i;
                        try {
                            iot.createThing(request -> request.thingName(name));
                            acknowledged.add(name);
                        } catch (RuntimeException refusedOrCut) {
                            // the service is gone: this write was never acknowledged
                        }
                    }
                });
            }
            Instant deadline = Instant.now().plusSeconds(60);
            while (acknowledged.size() < WRITES / 2 && Instant.now().isBefore(deadline)) {
                Thread.sleep(5);
            }
            assertThat(acknowledged).as("writes acknowledged before the kill").hasSizeGreaterThanOrEqualTo(WRITES / 2);
            registryService(suite.pid()).destroyForcibly(); // SIGKILL
            writers.shutdown();
            assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }

        try (DevStackProcess restarted = DevStackProcess.start(data, false, root)) {
            Set<String> published = createdEvents(restarted.addresses(), prefix, acknowledged);
            assertThat(published).containsAll(acknowledged);
        }
    }

    private static ProcessHandle registryService(long devstackPid) {
        return ProcessHandle.of(devstackPid)
                .orElseThrow()
                .descendants()
                .filter(process -> process.info().commandLine().orElse("").contains("registry-service"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no registry-service under devstack " + devstackPid));
    }

    /** The things of this test with a CREATED event, once all expected ones have arrived (or after 60 s). */
    private static Set<String> createdEvents(StackAddresses stack, String prefix, Set<String> expected) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.get(StackAddresses.KAFKA_BOOTSTRAP_SERVERS));
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "crash-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Set<String> published = new HashSet<>();
        Instant deadline = Instant.now().plusSeconds(60);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            consumer.subscribe(List.of("aws.events.thing"));
            while (!published.containsAll(expected) && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.key().startsWith(prefix) && record.value().contains("\"CREATED\"")) {
                        published.add(record.key());
                    }
                });
            }
        }
        return published;
    }
}
