package io.iotdm.provisioning.deletion;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.iotdm.events.Event;
import io.iotdm.events.GroupEvents;
import io.iotdm.events.ProvisioningChanges;
import io.iotdm.events.RegistryEvents;
import io.iotdm.provisioning.ProvisioningTestResource;
import io.iotdm.provisioning.StoredCertificates;
import io.iotdm.provisioning.TestPeers;
import io.iotdm.provisioning.attachment.PolicyAttachmentTest;
import io.iotdm.provisioning.principal.ThingPrincipalTest;
import io.iotdm.testing.KafkaTopicReader;
import io.iotdm.testing.KafkaTopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

/**
 * The registry's thing deletions and the group-service's thing-group deletions, published on Kafka as those services
 * publish them, remove what was attached to the deleted resource — and only to it (docs/aws-behaviour.md §6.4).
 */
@QuarkusTest
@ProvisioningTestResource
class DeletionConsumerTest {

    private static final RegistryEvents REGISTRY_EVENTS = new RegistryEvents("123456789012");
    private static final GroupEvents GROUP_EVENTS = new GroupEvents("123456789012");

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    TestPeers peers;

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aDeletedThingsPrincipalsAreDetachedWithTheirChangeEvents() {
        String thing = unique("thing");
        peers.thing(thing);
        String certificate = StoredCertificates.arn(StoredCertificates.insert(sessions));
        ThingPrincipalTest.attach(thing, certificate, null).statusCode(200);

        publish(thingDeleted(thing, TestPeers.thingId(thing)));

        awaitDeletion("THING", thing, TestPeers.thingId(thing));
        given().header("x-amzn-principal", certificate)
                .get("/principals/things")
                .then()
                .statusCode(200)
                .body("things", equalTo(List.of()));
        KafkaTopicReader.await(
                ProvisioningChanges.TOPIC,
                record -> record.key().equals("THING_PRINCIPAL:" + certificate)
                        && record.value().contains("detached:" + thing),
                1);
    }

    @Test
    void aLateDeletionOfAnOlderThingOfTheSameNameLeavesTheNewOnesPrincipals() {
        String thing = unique("thing");
        peers.thing(thing);
        String certificate = StoredCertificates.arn(StoredCertificates.insert(sessions));
        ThingPrincipalTest.attach(thing, certificate, null).statusCode(200);
        String olderId = UUID.randomUUID().toString();

        publish(thingDeleted(thing, olderId));

        awaitDeletion("THING", thing, olderId);
        given().header("x-amzn-principal", certificate)
                .get("/principals/things")
                .then()
                .statusCode(200)
                .body("things", equalTo(List.of(thing)));
    }

    @Test
    void anAttachmentThatCheckedTheThingBeforeItsDeletionIsRefusedAfterIt() {
        String thing = unique("thing");
        peers.thing(thing); // the registry still answers the thing: its deletion has not reached it in this test
        String certificate = StoredCertificates.arn(StoredCertificates.insert(sessions));

        publish(thingDeleted(thing, TestPeers.thingId(thing)));
        awaitDeletion("THING", thing, TestPeers.thingId(thing));

        ThingPrincipalTest.attach(thing, certificate, null)
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("Thing " + thing + " does not exist"));
    }

    @Test
    void aDeletedGroupsPoliciesAreDetachedAndAnAttachmentRacingWithItIsRefused() {
        String group = unique("group");
        peers.group(group, null);
        String groupArn = TestPeers.groupArn(group);
        String policy = PolicyAttachmentTest.policy();
        PolicyAttachmentTest.attach(policy, groupArn).statusCode(200);

        publish(groupDeleted(group, TestPeers.groupId(group)));
        awaitDeletion("THING_GROUP", group, TestPeers.groupId(group));

        given().post("/policy-targets/" + policy).then().statusCode(200).body("targets", equalTo(List.of()));
        PolicyAttachmentTest.attach(policy, groupArn)
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("No thing group with ARN " + groupArn + " exists"));
        KafkaTopicReader.await(
                ProvisioningChanges.TOPIC,
                record -> record.key().equals("POLICY_ATTACHMENT:" + groupArn)
                        && record.value().contains("detached:" + policy),
                1);
    }

    @Test
    void aDeletionDeliveredTwiceAndOtherEventsChangeNothing() {
        String thing = unique("thing");
        peers.thing(thing);
        String certificate = StoredCertificates.arn(StoredCertificates.insert(sessions));
        ThingPrincipalTest.attach(thing, certificate, null).statusCode(200);
        String olderId = UUID.randomUUID().toString();
        Event updated = REGISTRY_EVENTS.thing(
                RegistryEvents.Change.UPDATED, TestPeers.thingId(thing), thing, 2, 2, null, Map.of(), Instant.now());

        publish(updated);
        publish(thingDeleted(thing, olderId));
        publish(thingDeleted(thing, olderId));
        KafkaTopicWriter.publish(updated.kafkaTopic(), thing, "not json".getBytes(StandardCharsets.UTF_8), Map.of());
        String marker = unique("marker");
        publish(thingDeleted(marker, "marker-id")); // same topic: its partition may differ, so wait on each

        awaitDeletion("THING", thing, olderId);
        awaitDeletion("THING", marker, "marker-id");
        given().header("x-amzn-principal", certificate)
                .get("/principals/things")
                .then()
                .statusCode(200)
                .body("things", equalTo(List.of(thing)));
    }

    private static Event thingDeleted(String thing, String thingId) {
        return REGISTRY_EVENTS.thing(
                RegistryEvents.Change.DELETED, thingId, thing, 1, 3, null, Map.of(), Instant.now());
    }

    private static Event groupDeleted(String group, String groupId) {
        return GROUP_EVENTS.thingGroup(
                GroupEvents.Change.DELETED, groupId, group, 1, 2, null, null, null, List.of(), Map.of(), Instant.now());
    }

    private static void publish(Event event) {
        KafkaTopicWriter.publish(
                event.kafkaTopic(),
                event.key(),
                event.payload().toString().getBytes(StandardCharsets.UTF_8),
                event.headers());
    }

    /** Waits until the consumer has applied the deletion (it remembers it in the transaction that applies it). */
    private void awaitDeletion(String type, String name, String id) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!deleted(type, name, id)) {
            assertThat(Instant.now())
                    .as("deletion of %s %s applied", type, name)
                    .isBefore(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(interrupted);
            }
        }
    }

    private boolean deleted(String type, String name, String id) {
        try {
            return VertxContextSupport.subscribeAndAwait(
                            () -> sessions.withSession(session -> session.createNativeQuery(
                                            "SELECT count(*) FROM deleted_resource WHERE resource_type = :type"
                                                    + " AND resource_name = :name AND resource_id = :id",
                                            Long.class)
                                    .setParameter("type", type)
                                    .setParameter("name", name)
                                    .setParameter("id", id)
                                    .getSingleResult()))
                    > 0;
        } catch (Throwable failed) {
            throw new IllegalStateException(failed);
        }
    }
}
