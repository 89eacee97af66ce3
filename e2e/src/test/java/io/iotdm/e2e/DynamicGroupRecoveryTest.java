package io.iotdm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotdm.devstack.DevStackProcess;
import io.iotdm.devstack.StackAddresses;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.AttributePayload;
import software.amazon.awssdk.services.iot.model.DynamicGroupStatus;
import software.amazon.awssdk.services.iot.model.ListThingsInThingGroupResponse;

/**
 * {@code kill -9} of group-service or of indexing-service while a new dynamic group's backfill runs and things change
 * under it (devstack then stops the suite, as a failed pod would be restarted): after the suite restarts on the same
 * data, the group is ACTIVE with exactly the things its query defines.
 */
class DynamicGroupRecoveryTest {

    private static final int THINGS = 400;
    private static final int LIMIT = 200;

    @ParameterizedTest
    @ValueSource(strings = {"group-service", "indexing-service"})
    void aBackfillCutShortByAKillEndsInTheQuerysMembership(String victim) throws Exception {
        Path data = Path.of("target", "backfill-" + victim);
        Path root = Path.of(System.getProperty("iotdm.project.root"));
        String run = "bf" + UUID.randomUUID().toString().substring(0, 8);
        String group = run + "-low";
        // things 0..19 leave the query's range while the backfill runs, things LIMIT..LIMIT+19 enter it
        Map<Integer, Integer> finalValue = new java.util.HashMap<>();
        IntStream.range(0, THINGS).forEach(i -> finalValue.put(i, i));
        IntStream.range(0, 20).forEach(i -> finalValue.put(i, 10_000 + i));
        IntStream.range(LIMIT, LIMIT + 20).forEach(i -> finalValue.put(i, i - LIMIT));

        try (DevStackProcess suite = DevStackProcess.start(data, true, root);
                IotClient iot = Suite.iot(suite.addresses(), suite.addresses().get(StackAddresses.API_SECRET_KEY))) {
            Suite.awaitFleetIndex(suite.addresses());
            inParallel(
                    IntStream.range(0, THINGS).boxed().toList(),
                    i -> iot.createThing(
                            request -> request.thingName(run + "-" + i).attributePayload(attributes(run, i))));
            awaitIndexed(iot, run);

            iot.createDynamicThingGroup(request -> request.thingGroupName(group)
                    .queryString("attributes.run:" + run + " AND attributes.n < " + LIMIT));
            List<Integer> changed =
                    new ArrayList<>(IntStream.range(0, 20).boxed().toList());
            changed.addAll(IntStream.range(LIMIT, LIMIT + 20).boxed().toList());
            inParallel(
                    changed,
                    i -> iot.updateThing(request ->
                            request.thingName(run + "-" + i).attributePayload(attributes(run, finalValue.get(i)))));
            System.out.printf(
                    "killing %s with %s %s%n",
                    victim,
                    group,
                    iot.describeThingGroup(request -> request.thingGroupName(group))
                            .statusAsString());
            SuiteProcesses.find(suite.pid(), victim).destroyForcibly();
        }

        Set<String> expected = new TreeSet<>();
        finalValue.forEach((i, value) -> {
            if (value < LIMIT) {
                expected.add(run + "-" + i);
            }
        });
        try (DevStackProcess restarted = DevStackProcess.start(data, false, root);
                IotClient iot =
                        Suite.iot(restarted.addresses(), restarted.addresses().get(StackAddresses.API_SECRET_KEY))) {
            Instant deadline = Instant.now().plusSeconds(120);
            Set<String> members = members(iot, group);
            while ((!members.equals(expected)
                            || iot.describeThingGroup(request -> request.thingGroupName(group))
                                            .status()
                                    != DynamicGroupStatus.ACTIVE)
                    && Instant.now().isBefore(deadline)) {
                Thread.sleep(500);
                members = members(iot, group);
            }
            assertThat(iot.describeThingGroup(request -> request.thingGroupName(group))
                            .status())
                    .isEqualTo(DynamicGroupStatus.ACTIVE);
            assertThat(members).isEqualTo(expected);
        }
    }

    private static AttributePayload attributes(String run, int n) {
        return AttributePayload.builder()
                .attributes(Map.of("run", run, "n", Integer.toString(n)))
                .build();
    }

    private static void awaitIndexed(IotClient iot, String run) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (iot.getStatistics(request -> request.queryString("attributes.run:" + run))
                                .statistics()
                                .count()
                        < THINGS
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
    }

    private static Set<String> members(IotClient iot, String group) {
        Set<String> names = new TreeSet<>();
        String token = null;
        do {
            String page = token;
            ListThingsInThingGroupResponse response = iot.listThingsInThingGroup(
                    request -> request.thingGroupName(group).maxResults(250).nextToken(page));
            names.addAll(response.things());
            token = response.nextToken();
        } while (token != null);
        return names;
    }

    private static void inParallel(List<Integer> items, java.util.function.IntConsumer write) throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int item : items) {
                done.add(writers.submit(() -> write.accept(item)));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            writers.shutdown();
        }
    }
}
