package io.iotdm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotdm.devstack.DevStackProcess;
import io.iotdm.devstack.StackAddresses;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.AttributePayload;
import software.amazon.awssdk.services.iot.model.ListThingsResponse;
import software.amazon.awssdk.services.iot.model.SearchIndexResponse;
import software.amazon.awssdk.services.iot.model.ThingAttribute;
import software.amazon.awssdk.services.iot.model.ThingDocument;

/**
 * {@code kill -9} of the indexing-service, or of OpenSearch, while things are being created and updated (devstack then
 * stops the rest of the suite, as a failed pod would be restarted): after the suite restarts on the same data, the
 * index converges to the registry, with the same things at the same versions (compared by name and by the sum of
 * {@code registry.version}, which GetStatistics computes from the index).
 */
class IndexConvergenceTest {

    private static final int THINGS = 150;

    @ParameterizedTest
    @ValueSource(strings = {"indexing-service", "opensearch"})
    void theIndexConvergesToTheRegistryAfterAKill(String victim) throws Exception {
        Path data = Path.of("target", "convergence-" + victim);
        Path root = Path.of(System.getProperty("iotdm.project.root"));
        String run = "conv" + UUID.randomUUID().toString().substring(0, 8);
        try (DevStackProcess suite = DevStackProcess.start(data, true, root);
                IotClient iot = Suite.iot(suite.addresses(), suite.addresses().get(StackAddresses.API_SECRET_KEY))) {
            AtomicInteger written = new AtomicInteger();
            ExecutorService writers = Executors.newFixedThreadPool(4);
            AtomicInteger next = new AtomicInteger();
            for (int w = 0; w < 4; w++) {
                writers.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < THINGS) {
                        String name = run + "-" + i;
                        try {
                            iot.createThing(request -> request.thingName(name).attributePayload(attributes(run, 0)));
                            // a few versions per thing, so that a replay in the wrong order would show
                            for (int update = 1; update <= i % 3; update++) {
                                int value = update;
                                iot.updateThing(
                                        request -> request.thingName(name).attributePayload(attributes(run, value)));
                            }
                            written.incrementAndGet();
                        } catch (RuntimeException suiteGone) {
                            return null;
                        }
                    }
                    return null;
                });
            }
            Instant deadline = Instant.now().plusSeconds(60);
            while (written.get() < THINGS / 3 && Instant.now().isBefore(deadline)) {
                Thread.sleep(5);
            }
            SuiteProcesses.find(suite.pid(), victim)
                    .destroyForcibly(); // SIGKILL, in the middle of the writes and their indexing
            writers.shutdown();
            assertThat(writers.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        }

        try (DevStackProcess restarted = DevStackProcess.start(data, false, root);
                IotClient iot =
                        Suite.iot(restarted.addresses(), restarted.addresses().get(StackAddresses.API_SECRET_KEY))) {
            Map<String, Long> registry = registryVersions(iot, run);
            assertThat(registry).hasSizeGreaterThanOrEqualTo(THINGS / 3);
            long versionSum =
                    registry.values().stream().mapToLong(Long::longValue).sum();
            String query = "attributes.run:" + run;
            Instant deadline = Instant.now().plusSeconds(90);
            Set<String> indexed;
            double indexedSum;
            do {
                indexed = indexedNames(iot, query);
                // no sum while no thing of the run is indexed yet (AWS leaves it out when count is 0), e.g. while
                // the restarted indexer has not caught up
                Double sum = iot.getStatistics(
                                request -> request.queryString(query).aggregationField("registry.version"))
                        .statistics()
                        .sum();
                indexedSum = sum == null ? 0 : sum;
                if (!indexed.equals(registry.keySet()) || indexedSum != versionSum) {
                    Thread.sleep(500);
                }
            } while ((!indexed.equals(registry.keySet()) || indexedSum != versionSum)
                    && Instant.now().isBefore(deadline));
            assertThat(indexed).isEqualTo(registry.keySet());
            assertThat(indexedSum).isEqualTo((double) versionSum);
        }
    }

    private static AttributePayload attributes(String run, int value) {
        return AttributePayload.builder()
                .attributes(Map.of("run", run, "value", String.valueOf(value)))
                .build();
    }

    /** The registry's things of this run and their versions. */
    private static Map<String, Long> registryVersions(IotClient iot, String run) {
        Map<String, Long> versions = new HashMap<>();
        String token = null;
        do {
            String page = token;
            ListThingsResponse response = iot.listThings(request -> request.attributeName("run")
                    .attributeValue(run)
                    .maxResults(100)
                    .nextToken(page));
            for (ThingAttribute thing : response.things()) {
                versions.put(thing.thingName(), thing.version());
            }
            token = response.nextToken();
        } while (token != null);
        return versions;
    }

    private static Set<String> indexedNames(IotClient iot, String query) {
        Set<String> names = new HashSet<>();
        String token = null;
        do {
            String page = token;
            SearchIndexResponse response = iot.searchIndex(
                    request -> request.queryString(query).maxResults(100).nextToken(page));
            response.things().stream().map(ThingDocument::thingName).forEach(names::add);
            token = response.nextToken();
        } while (token != null);
        return names;
    }
}
