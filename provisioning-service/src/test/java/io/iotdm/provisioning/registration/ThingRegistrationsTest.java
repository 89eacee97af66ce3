package io.iotdm.provisioning.registration;

import static io.iotdm.provisioning.registration.Registrations.ARN;
import static io.iotdm.provisioning.registration.Registrations.csr;
import static io.iotdm.provisioning.registration.Registrations.documentPolicy;
import static io.iotdm.provisioning.registration.Registrations.template;
import static io.iotdm.provisioning.registration.Registrations.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.provisioning.ProvisioningTestResource;
import io.iotdm.provisioning.TestPeers;
import io.iotdm.provisioning.TestPki;
import io.iotdm.provisioning.certificate.CertificateCreation;
import io.iotdm.provisioning.store.Registration;
import io.iotdm.provisioning.store.Registration.Step;
import io.iotdm.provisioning.template.ProvisioningPlan;
import io.iotdm.provisioning.template.ProvisioningTemplate;
import io.iotdm.provisioning.template.TemplateUse;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The registration executor itself (docs/architecture.md §6, "Registrations"): one outcome per key, and registrations
 * stopped at each step by a process that died, finished or undone by the resumer.
 */
@QuarkusTest
@ProvisioningTestResource
class ThingRegistrationsTest {

    @Inject
    ThingRegistrations registrations;

    @Inject
    RegistrationResumer resumer;

    @Inject
    CertificateCreation creation;

    @Inject
    TestPeers peers;

    @Inject
    Mutiny.SessionFactory sessions;

    static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    ProvisioningPlan plan(String thing, String group) {
        return plan(thing, group, "telemetry");
    }

    ProvisioningPlan plan(String thing, String group, String policyTopic) {
        peers.group(group, null);
        return ProvisioningTemplate.parse(
                        template("[\"" + group + "\"]", documentPolicy(policyTopic)), TemplateUse.REGISTER_THING)
                .evaluate(Map.of("ThingName", thing, "SerialNumber", "9", "CSR", csr()), Map.of());
    }

    /**
     * Each creates the template's policy unless it exists: the ones that lose the race find it on their next try. Each
     * runs as a request does, on a Vert.x context of its own (await's).
     */
    @Test
    void registrationsThatCreateOneNewPolicyAtOnceAllComplete() throws Exception {
        String topic = unique("shared");
        List<Callable<RegistrationOutcome>> registering = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ProvisioningPlan plan = plan(unique("sensor"), unique("fleet"), topic);
            String key = unique("key");
            registering.add(() -> await(() -> registrations.register(key, plan)));
        }
        ExecutorService callers = Executors.newFixedThreadPool(registering.size());
        List<RegistrationOutcome> outcomes = new ArrayList<>();
        try {
            for (Future<RegistrationOutcome> outcome : callers.invokeAll(registering)) {
                outcomes.add(outcome.get());
            }
        } finally {
            callers.shutdown();
        }

        assertThat(outcomes)
                .extracting(outcome -> outcome.resourceArns().get("policy"))
                .containsOnly(outcomes.getFirst().resourceArns().get("policy"));
    }

    @Test
    void aKeyRegistersOnceAndAnswersTheFirstOutcomeAgain() {
        String key = unique("key");
        String thing = unique("sensor");
        ProvisioningPlan plan = plan(thing, unique("fleet"));

        RegistrationOutcome first = await(() -> registrations.register(key, plan));
        RegistrationOutcome second = await(() -> registrations.register(key, plan));

        assertThat(second).isEqualTo(first);
        assertThat(first.certificatePem()).isPresent();
        given().get("/things/" + thing + "/principals")
                .then()
                .statusCode(200)
                .body("principals", equalTo(List.of(first.resourceArns().get("certificate"))));
    }

    @Test
    void aKeyThatFailedAnswersTheSameFailureAgain() {
        String key = unique("key");
        String thing = unique("sensor");
        ProvisioningPlan plan = ProvisioningTemplate.parse(
                        template("[\"no-such-group\"]", documentPolicy("telemetry")), TemplateUse.REGISTER_THING)
                .evaluate(Map.of("ThingName", thing, "SerialNumber", "9", "CSR", csr()), Map.of());

        String expected = "Resource thing (AWS::IoT::Thing " + thing
                + ") cannot be provisioned: Thing group no-such-group does not exist";
        for (int call = 0; call < 2; call++) {
            assertThatThrownBy(() -> await(() -> registrations.register(key, plan)))
                    .isInstanceOf(AwsServiceException.class)
                    .hasMessage(expected)
                    .satisfies(failure -> assertThat(
                                    ((AwsServiceException) failure).code().name())
                            .isEqualTo("ResourceRegistrationFailureException"));
        }
        assertThat(peers.thingNamed(thing)).isNull();
    }

    /** A bulk task's line tried again after an outage: the outage before any write is not the key's outcome. */
    @Test
    void aKeyThatMetAnOutageBeforeAnyWriteRegistersWhenTriedAgain() {
        String key = unique("key");
        String thing = unique("sensor");
        ProvisioningPlan plan = plan(thing, unique("fleet"));

        peers.down("ProvisionThing");
        try {
            assertThatThrownBy(() -> await(() -> registrations.register(key, plan)))
                    .isInstanceOf(AwsServiceException.class)
                    .satisfies(failure -> assertThat(
                                    ((AwsServiceException) failure).code().name())
                            .isEqualTo("ServiceUnavailableException"));
        } finally {
            peers.up("ProvisionThing");
        }

        RegistrationOutcome outcome = await(() -> registrations.register(key, plan));
        given().get("/things/" + thing + "/principals")
                .then()
                .statusCode(200)
                .body("principals", equalTo(List.of(outcome.resourceArns().get("certificate"))));
    }

    /** A registration whose process died after the steps before {@code step}: the resumer finishes it. */
    @ParameterizedTest
    @EnumSource(
            value = Step.class,
            names = {"VALIDATE", "THING", "GROUPS", "COMMIT"})
    void aRegistrationStoppedAtAStepIsFinishedByTheResumer(Step step) {
        String key = unique("key");
        String thing = unique("sensor");
        String group = unique("fleet");
        ProvisioningPlan plan = plan(thing, group);
        String thingId = UUID.randomUUID().toString();
        String pem = await(() -> creation.issueForCsr(((ProvisioningPlan.CertificateSource.FromCsr)
                        plan.certificate().orElseThrow().source())
                .certificateSigningRequest()));
        // what the steps before this one did
        if (step.compareTo(Step.THING) > 0) {
            peers.provisioned(thing, thingId);
        }
        if (step.compareTo(Step.GROUPS) > 0) {
            peers.member(thing, group);
        }
        stopped(key, plan, thingId, step, step == Step.VALIDATE ? null : pem);

        resumeAll();

        RegistrationOutcome outcome = await(() -> registrations.register(key, plan));
        String certificateArn = outcome.resourceArns().get("certificate");
        if (step != Step.VALIDATE) {
            assertThat(outcome.certificatePem()).contains(pem); // the certificate issued before the crash
        }
        assertThat(peers.thingNamed(thing).id()).isEqualTo(thingId);
        assertThat(peers.groupsOf(thing)).containsExactly(group);
        given().get("/things/" + thing + "/principals")
                .then()
                .statusCode(200)
                .body("principals", equalTo(List.of(certificateArn)));
        given().urlEncodingEnabled(false)
                .post("/attached-policies/" + certificateArn.replace("/", "%2F"))
                .then()
                .statusCode(200)
                .body("policies.size()", equalTo(1));
        assertThat(certificateArn).startsWith(ARN + "cert/");
    }

    /** A registration refused after its thing was created undoes the thing: no thing without its certificate. */
    @Test
    void aRegistrationRefusedAfterItsThingWasCreatedDeletesThatThing() {
        String key = unique("key");
        String thing = unique("sensor");
        String group = unique("fleet");
        ProvisioningPlan plan = plan(thing, group);
        String thingId = UUID.randomUUID().toString();
        String pem = await(() -> creation.issueForCsr(((ProvisioningPlan.CertificateSource.FromCsr)
                        plan.certificate().orElseThrow().source())
                .certificateSigningRequest()));
        peers.provisioned(thing, thingId);
        peers.removeGroup(group); // deleted between the validation and the membership step
        stopped(key, plan, thingId, Step.GROUPS, pem);

        resumeAll();

        assertThat(peers.thingNamed(thing)).isNull();
        assertThatThrownBy(() -> await(() -> registrations.register(key, plan)))
                .isInstanceOf(AwsServiceException.class)
                .hasMessage("Resource thing (AWS::IoT::Thing " + thing + ") cannot be provisioned: Thing group " + group
                        + " does not exist");
        given().get("/certificates/" + TestPki.certificateId(pem)).then().statusCode(404);
    }

    /** An undo that a dead process left half-way is finished, and a thing someone else made stays. */
    @Test
    void anUndoIsFinishedAndLeavesAThingItDidNotCreate() {
        String ours = unique("sensor");
        String theirs = unique("sensor");
        String oursKey = unique("key");
        String theirsKey = unique("key");
        String thingId = UUID.randomUUID().toString();
        peers.provisioned(ours, thingId);
        peers.thing(theirs);
        stopped(oursKey, plan(ours, unique("fleet")), thingId, Step.UNDO, null);
        stopped(theirsKey, plan(theirs, unique("fleet")), UUID.randomUUID().toString(), Step.UNDO, null);

        resumeAll();

        assertThat(peers.thingNamed(ours)).isNull();
        assertThat(peers.thingNamed(theirs)).isNotNull();
        assertThat(await(() -> sessions.withSession(session -> session.find(Registration.class, oursKey)))
                        .status())
                .isEqualTo(Registration.Status.FAILED);
    }

    /** A row as a process that died at {@code step} left it: IN_PROGRESS, its lease passed. */
    private void stopped(String key, ProvisioningPlan plan, String thingId, Step step, String pem) {
        Instant past = Instant.now().minusSeconds(60);
        Registration row = new Registration(
                key, PlanJson.write(plan), thingId, UUID.randomUUID().toString(), past, past);
        if (step == Step.UNDO) {
            row.failing("ResourceRegistrationFailureException", "Resource thing cannot be provisioned", past, past);
        } else {
            row.advance(step, past, past);
        }
        if (pem != null) {
            row.issued(pem);
        }
        await(() -> sessions.withTransaction(session -> session.persist(row)));
    }

    private void resumeAll() {
        while (!await(() -> resumer.resumeStale()).isEmpty()) {
            // every look takes a batch; the rows of this test are among them
        }
    }
}
