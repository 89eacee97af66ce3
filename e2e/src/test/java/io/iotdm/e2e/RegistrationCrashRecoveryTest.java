package io.iotdm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.GroupNameAndArn;
import software.amazon.awssdk.services.iot.model.Policy;
import software.amazon.awssdk.services.iot.model.ThingAttribute;

/**
 * {@code kill -9} of the provisioning-service in the middle of a stream of RegisterThing calls (docs/architecture.md
 * §6, "Registrations"): after a restart on the same data, every thing of the test is either fully provisioned (its
 * certificate ACTIVE and attached, its policy attached to the certificate, its group joined) or absent, and every
 * registration that was answered 200 is fully provisioned. The registrations the kill interrupted are finished by the
 * restarted service's resumer once their lease has passed.
 */
class RegistrationCrashRecoveryTest {

    private static final int REGISTRATIONS = 120;

    /** The lease (30 s by default), the resumer's interval (10 s) and a restart's own start, with room to spare. */
    private static final int CONVERGENCE_SECONDS = 180;

    @Test
    void everyThingIsWholeOrAbsentAndEveryAcknowledgedOneIsWhole() throws Exception {
        String prefix = "crash-rt-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        String group = prefix + "group";
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (CrashSuite suite = CrashSuite.start("registration-crash-suite")) {
            IotClient iot = suite.iot();
            iot.createThingGroup(request -> request.thingGroupName(group));
            AtomicInteger next = new AtomicInteger();
            ExecutorService writers = Executors.newFixedThreadPool(4);
            for (int w = 0; w < 4; w++) {
                writers.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < REGISTRATIONS) {
                        String name = prefix + i;
                        try {
                            iot.registerThing(
                                    request -> request.templateBody(RegisterThingEndToEndTest.TEMPLATE_NO_TYPE)
                                            .parameters(Map.of(
                                                    "ThingName", name,
                                                    "SerialNumber", name,
                                                    "CSR", DeviceKeys.csr(DeviceKeys.ecP256(), name),
                                                    "Group", group)));
                            acknowledged.add(name);
                        } catch (RuntimeException refusedOrCut) {
                            // the service is gone: this registration was never acknowledged
                        }
                    }
                });
            }
            Instant deadline = Instant.now().plusSeconds(120);
            while (acknowledged.size() < REGISTRATIONS / 3 && Instant.now().isBefore(deadline)) {
                Thread.sleep(5);
            }
            assertThat(acknowledged)
                    .as("registrations acknowledged before the kill")
                    .hasSizeGreaterThanOrEqualTo(REGISTRATIONS / 3);
            suite.kill("provisioning-service/target/quarkus-app"); // SIGKILL
            writers.shutdown();
            assertThat(writers.awaitTermination(120, TimeUnit.SECONDS)).isTrue();

            suite.restart();
            IotClient restarted = suite.iot();
            deadline = Instant.now().plusSeconds(CONVERGENCE_SECONDS);
            List<String> partial = partial(restarted, prefix, group);
            while (!partial.isEmpty() && Instant.now().isBefore(deadline)) {
                Thread.sleep(1000);
                partial = partial(restarted, prefix, group);
            }
            assertThat(partial)
                    .as("things of the test that are not fully provisioned")
                    .isEmpty();
            List<String> things = things(restarted, prefix);
            assertThat(things).containsAll(acknowledged);
        }
    }

    /** The test's things that lack their certificate, its policy or their group. */
    private static List<String> partial(IotClient iot, String prefix, String group) {
        List<String> partial = new ArrayList<>();
        for (String thing : things(iot, prefix)) {
            if (!whole(iot, thing, group)) {
                partial.add(thing);
            }
        }
        return partial;
    }

    private static boolean whole(IotClient iot, String thing, String group) {
        List<String> principals =
                iot.listThingPrincipals(request -> request.thingName(thing)).principals();
        if (principals.size() != 1) {
            return false;
        }
        String certificateArn = principals.getFirst();
        String certificateId = certificateArn.substring(certificateArn.indexOf(":cert/") + ":cert/".length());
        boolean active = iot.describeCertificate(request -> request.certificateId(certificateId))
                        .certificateDescription()
                        .status()
                == CertificateStatus.ACTIVE;
        List<String> policies = iot.listAttachedPolicies(request -> request.target(certificateArn)).policies().stream()
                .map(Policy::policyName)
                .toList();
        List<String> groups = iot.listThingGroupsForThing(request -> request.thingName(thing)).thingGroups().stream()
                .map(GroupNameAndArn::groupName)
                .toList();
        return active && policies.size() == 1 && groups.equals(List.of(group));
    }

    /** The things whose name starts with the prefix (the attribute {@code serial} is the thing's name). */
    private static List<String> things(IotClient iot, String prefix) {
        return iot
                .listThingsPaginator(request ->
                        request.attributeName("serial").attributeValue(prefix).usePrefixAttributeValue(true))
                .things()
                .stream()
                .map(ThingAttribute::thingName)
                .toList();
    }
}
