package io.iotdm.provisioning.fleet;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.events.Event;
import io.iotdm.outbox.Outcome;
import io.iotdm.provisioning.certificate.CertificateCreation;
import io.iotdm.provisioning.store.Certificate;
import io.iotdm.provisioning.store.DeviceCertificateRequest;
import io.iotdm.provisioning.store.FleetProvisioningRepository;
import io.iotdm.provisioning.store.ProvisioningTransactions;
import io.iotdm.service.auth.SealedDeviceMessages;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * {@code $aws/certificates/create} and {@code create-from-csr} (docs/aws-behaviour.md §6.10): a certificate of iotdm's
 * CA, PENDING_ACTIVATION until a provisioning gives it its template's status, and an ownership token for it. The
 * certificate, its change event, the answer (sealed, under the message id) and the answer's outbound record commit
 * together; the same message id again gets the stored answer and makes no second certificate.
 */
@ApplicationScoped
class CertificateRequests {

    private final CertificateCreation creation;
    private final ProvisioningTransactions transactions;
    private final FleetProvisioningRepository repository;
    private final OwnershipTokens tokens;
    private final FleetSecrets secrets;
    private final SealedDeviceMessages seal;
    private final Clock clock = Clock.systemUTC();

    CertificateRequests(
            CertificateCreation creation,
            ProvisioningTransactions transactions,
            FleetProvisioningRepository repository,
            OwnershipTokens tokens,
            FleetSecrets secrets,
            SealedDeviceMessages seal) {
        this.creation = creation;
        this.transactions = transactions;
        this.repository = repository;
        this.tokens = tokens;
        this.secrets = secrets;
        this.seal = seal;
    }

    /** {@code $aws/certificates/create}: the payload is ignored (AWS's is empty). */
    Uni<Void> createKeysAndCertificate(DeviceRequest request) {
        return answerAgainOr(request, () -> creation.issueKeys(Certificate.Status.PENDING_ACTIVATION)
                .chain(issued -> answerCreated(
                        request,
                        session -> creation.store(session, issued.certificate()),
                        answer -> answer.put("privateKey", issued.keys().privateKeyPem()))));
    }

    /** {@code $aws/certificates/create-from-csr}: {@code {"certificateSigningRequest": "<PEM>"}}. */
    Uni<Void> createCertificateFromCsr(DeviceRequest request) {
        String csr = PayloadJson.object(request.payload())
                .path("certificateSigningRequest")
                .asText("");
        if (csr.isEmpty()) {
            throw DeviceRejection.invalidPayload("certificateSigningRequest is required: the PEM of a CSR");
        }
        return answerAgainOr(request, () -> creation.issueForCsr(csr)
                .chain(pem -> answerCreated(
                        request,
                        session -> creation.storeIssued(session, pem, Certificate.Status.PENDING_ACTIVATION),
                        answer -> answer)));
    }

    /**
     * Forgets the answers older than an ownership token lives: Kafka redelivers a record within seconds of a failure,
     * and the answer's token would be of no use by then.
     */
    Uni<Integer> prune() {
        Instant before = clock.instant().minus(tokens.validity());
        return transactions.commit(session -> repository
                .deleteCertificateRequestsBefore(session, before)
                .map(count -> new Outcome<>(count, List.of())));
    }

    /** The stored answer of this message id when there is one, else {@code create}'s. */
    private Uni<Void> answerAgainOr(DeviceRequest request, Supplier<Uni<Void>> create) {
        return transactions
                .read(session -> repository.certificateRequest(session, request.messageId()))
                .chain(stored -> stored == null ? create.get() : answerAgain(request, stored));
    }

    private Uni<Void> answerAgain(DeviceRequest request, DeviceCertificateRequest stored) {
        ObjectNode answer =
                PayloadJson.object(secrets.open(stored.sealedAnswer()).getBytes(StandardCharsets.UTF_8));
        return transactions.<Void>commit(
                session -> Uni.createFrom().item(Outcome.of(null, request.sealedAccepted(answer, seal))));
    }

    private Uni<Void> answerCreated(
            DeviceRequest request,
            Function<Mutiny.Session, Uni<Outcome<Certificate>>> store,
            Function<ObjectNode, ObjectNode> completeAnswer) {
        Instant now = clock.instant();
        return transactions
                .<Void>commit(session -> store.apply(session).chain(stored -> {
                    Certificate certificate = stored.result();
                    ObjectNode answer = completeAnswer.apply(JsonNodeFactory.instance
                            .objectNode()
                            .put("certificateId", certificate.id())
                            .put("certificatePem", certificate.pem()));
                    answer.put("certificateOwnershipToken", tokens.issue(certificate.id(), now));
                    DeviceCertificateRequest row = new DeviceCertificateRequest(
                            request.messageId(), certificate.id(), secrets.seal(answer.toString()), now);
                    return session.persist(row).call(session::flush).map(done -> {
                        List<Event> events = new ArrayList<>(stored.events());
                        events.add(request.sealedAccepted(answer, seal));
                        return new Outcome<Void>(null, events);
                    });
                }))
                // the same record on another consumer (a rebalance) made its certificate first: answer with its
                .onFailure(failure -> "23505".equals(ProvisioningTransactions.sqlState(failure)))
                .recoverWithUni(() -> transactions
                        .read(session -> repository.certificateRequest(session, request.messageId()))
                        .chain(stored -> answerAgain(request, stored)));
    }
}
