package io.iotdm.provisioning.fleet;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.events.Event;
import io.iotdm.outbox.Outcome;
import io.iotdm.provisioning.ProvisioningConfig;
import io.iotdm.provisioning.certificate.CertificateCreation;
import io.iotdm.provisioning.certificate.CertificateService;
import io.iotdm.provisioning.store.Certificate;
import io.iotdm.provisioning.store.CertificateRepository;
import io.iotdm.provisioning.store.DeviceCertificateRequest;
import io.iotdm.provisioning.store.FleetProvisioningRepository;
import io.iotdm.provisioning.store.ProvisioningTransactions;
import io.iotdm.service.auth.SealedDeviceMessages;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
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
    private final CertificateService certificates;
    private final CertificateRepository certificateStore;
    private final int ratePerClaim;
    private final Duration rateWindow;
    private final Clock clock = Clock.systemUTC();

    /** Requests forgotten by one {@link #prune(Instant)}. */
    static final int SWEEP_BATCH = 500;

    CertificateRequests(
            CertificateCreation creation,
            ProvisioningTransactions transactions,
            FleetProvisioningRepository repository,
            OwnershipTokens tokens,
            FleetSecrets secrets,
            SealedDeviceMessages seal,
            CertificateService certificates,
            CertificateRepository certificateStore,
            ProvisioningConfig config) {
        this.creation = creation;
        this.transactions = transactions;
        this.repository = repository;
        this.tokens = tokens;
        this.secrets = secrets;
        this.seal = seal;
        this.certificates = certificates;
        this.certificateStore = certificateStore;
        this.ratePerClaim = config.fleetProvisioning().certificatesPerClaim();
        this.rateWindow = config.fleetProvisioning().certificatesPerClaimWindow();
    }

    /** {@code $aws/certificates/create}: the payload is ignored (AWS's is empty). */
    Uni<Void> createKeysAndCertificate(DeviceRequest request) {
        return answerAgainOr(request, () -> withinRate(request)
                .chain(() -> creation.issueKeys(Certificate.Status.PENDING_ACTIVATION))
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
        return answerAgainOr(request, () -> withinRate(request)
                .chain(() -> creation.issueForCsr(csr))
                .chain(pem -> answerCreated(
                        request,
                        session -> creation.storeIssued(session, pem, Certificate.Status.PENDING_ACTIVATION),
                        answer -> answer)));
    }

    /**
     * Deletes the certificates of these requests that no provisioning used within an ownership token's life (still
     * PENDING_ACTIVATION and attached to no thing: AWS deletes them after an hour, docs/aws-behaviour.md §6.10), and
     * forgets the answers of requests older than a token lives (Kafka redelivers a record within seconds of a failure,
     * and the answer's token would be of no use by then). At most {@value #SWEEP_BATCH} requests a call: the next call
     * takes the rest.
     *
     * @param now the instant to measure a token's life to ({@code clock.instant()}; a test passes a later one)
     * @return how many requests were forgotten
     */
    Uni<Integer> prune(Instant now) {
        Instant before = now.minus(tokens.validity());
        return transactions
                .read(session -> repository.certificateRequestsBefore(session, before, SWEEP_BATCH))
                .onItem()
                .transformToMulti(requests -> Multi.createFrom().iterable(requests))
                .onItem()
                .transformToUniAndConcatenate(this::forget)
                .collect()
                .asList()
                .map(List::size);
    }

    /** The scheduled {@link #prune(Instant)}, now. */
    Uni<Integer> prune() {
        return prune(clock.instant());
    }

    private Uni<Void> forget(DeviceCertificateRequest request) {
        return deleteIfUnused(request.certificateId())
                .chain(() -> transactions.<Void>commit(session -> repository
                        .deleteCertificateRequest(session, request.messageId())
                        .map(count -> Outcome.<Void>of(null))));
    }

    /** Deletes the certificate if it is still PENDING_ACTIVATION and attached to no thing (its policies detached). */
    private Uni<Void> deleteIfUnused(String certificateId) {
        return transactions
                .read(session -> certificateStore.find(session, certificateId))
                .chain(certificate -> {
                    if (certificate == null || certificate.status() != Certificate.Status.PENDING_ACTIVATION) {
                        return Uni.createFrom().voidItem();
                    }
                    return certificates
                            .delete(certificateId, true)
                            // attached to a thing since (AttachThingPrincipal), or deleted since: not unused
                            .onFailure(AwsServiceException.class)
                            .recoverWithUni(refused -> {
                                String code =
                                        ((AwsServiceException) refused).code().name();
                                if (code.equals("DeleteConflictException")
                                        || code.equals("ResourceNotFoundException")) {
                                    return Uni.createFrom().voidItem();
                                }
                                return Uni.createFrom().failure(refused);
                            });
                });
    }

    /**
     * Refuses ({@code 429 Throttling}) a request of a connection whose claim certificate made {@code
     * certificates-per-claim} certificates within the last {@code certificates-per-claim-window}; checked before a key
     * pair is made (the costly part). Requests of one claim on other partitions at the same moment are not counted
     * until they commit, so a burst may pass the limit by the partitions' in-flight requests.
     */
    private Uni<Void> withinRate(DeviceRequest request) {
        String claim = request.certificateId();
        if (claim == null) {
            return Uni.createFrom().voidItem();
        }
        Instant since = clock.instant().minus(rateWindow);
        return transactions
                .read(session -> repository.certificatesRequestedWith(session, claim, since))
                .invoke(count -> {
                    if (count >= ratePerClaim) {
                        throw DeviceRejection.throttled("Rate exceeded: the certificate " + claim + " made " + count
                                + " certificates within the last " + rateWindow.toSeconds() + " seconds");
                    }
                })
                .replaceWithVoid();
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
                            request.messageId(),
                            certificate.id(),
                            secrets.seal(answer.toString()),
                            now,
                            request.certificateId());
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
