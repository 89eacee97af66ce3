package io.iotdm.provisioning.fleet;

import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.messaging.DeviceRequestFailures;
import io.iotdm.messaging.UntilApplied;
import io.iotdm.outbox.Outcome;
import io.iotdm.provisioning.store.ProvisioningTransactions;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads the device requests of {@code iotdm.device.inbound} ({@value #CHANNEL}) and answers the fleet-provisioning
 * ones (docs/aws-behaviour.md §6.10); the registry's and the jobs-service's topics are skipped on their topic header
 * alone. A request is answered {@code /accepted}, or {@code /rejected} when it is refused: a bad record is answered
 * and never holds up those behind it, nor does one that fails for a reason of its own (answered {@code 500
 * InternalError}, {@link DeviceRequestFailures}). Only what is worth waiting for (the database, an unavailable peer) is
 * retried, record by record in order ({@link UntilApplied}); every answer goes through the outbox, with the write it
 * reports.
 */
@Singleton
class FleetProvisioningConsumer {

    static final String CHANNEL = "fleet-provisioning-requests";

    private static final Logger LOG = Logger.getLogger(FleetProvisioningConsumer.class);

    private final CertificateRequests certificateRequests;
    private final ProvisionRequests provisionRequests;
    private final ProvisioningTransactions transactions;
    private final ProvisioningClaims claims;

    FleetProvisioningConsumer(
            CertificateRequests certificateRequests,
            ProvisionRequests provisionRequests,
            ProvisioningTransactions transactions,
            ProvisioningClaims claims) {
        this.certificateRequests = certificateRequests;
        this.provisionRequests = provisionRequests;
        this.transactions = transactions;
        this.claims = claims;
    }

    @Incoming(CHANNEL)
    Uni<Void> requests(ConsumerRecords<String, byte[]> records) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ConsumerRecord<String, byte[]> record : records) {
            Optional<DeviceRequest> request = DeviceRequest.of(record);
            if (request.isEmpty() || !answerable(request.get(), record)) {
                continue;
            }
            chain = chain.chain(() -> UntilApplied.apply(
                    "Answering " + request.get().mqttTopic() + " (message "
                            + request.get().messageId() + ")",
                    () -> answer(request.get())));
        }
        return chain;
    }

    /**
     * Expired claims and the stored answers older than an ownership token are of no more use; the certificates of
     * those answers that no provisioning used are deleted.
     */
    @Scheduled(
            every = "${iotdm.provisioning.fleet-provisioning.unused-certificate-sweep:10m}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> prune() {
        return claims.prune()
                .chain(() -> certificateRequests.prune())
                .onFailure()
                .invoke(failure -> LOG.warnf(
                        "Forgetting expired claims and answers, and deleting unused certificates, failed: %s",
                        failure.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    private static boolean answerable(DeviceRequest request, ConsumerRecord<String, byte[]> record) {
        if (request.clientId() == null || request.sessionToken() == null || request.messageId() == null) {
            LOG.errorf(
                    "Skipping %s at offset %d of %s: no client-id, session-token or message-id header, so no answer can"
                            + " be sent",
                    request.mqttTopic(), record.offset(), record.topic());
            return false;
        }
        if (request.format() == DeviceRequest.Format.CBOR) {
            // the outbox carries JSON text: a CBOR answer cannot commit with its write (docs/aws-behaviour.md §6.10)
            LOG.warnf(
                    "Skipping %s from %s: iotdm answers the JSON topics only", request.mqttTopic(), request.clientId());
            return false;
        }
        return true;
    }

    /** A refusal is answered; so is a failure of this request alone (a bug), as an internal error. */
    private Uni<Void> answer(DeviceRequest request) {
        return DeviceRequestFailures.answeredOrRejected(
                "Answering " + request.mqttTopic() + " (message " + request.messageId() + ")",
                Uni.createFrom()
                        .deferred(() -> switch (request.kind()) {
                            case CREATE_KEYS_AND_CERTIFICATE -> certificateRequests.createKeysAndCertificate(request);
                            case CREATE_CERTIFICATE_FROM_CSR -> certificateRequests.createCertificateFromCsr(request);
                            case REGISTER_THING -> provisionRequests.registerThing(request);
                        })
                        .onFailure(FleetProvisioningConsumer::refusal)
                        .recoverWithUni(failure -> rejected(request, failure)),
                failure -> rejected(request, DeviceRejection.internalError()));
    }

    /** The device's error or an AWS refusal (any AWS error, an unavailable peer's 503 too): answered, not retried. */
    private static boolean refusal(Throwable failure) {
        return failure instanceof DeviceRejection || failure instanceof AwsServiceException;
    }

    private Uni<Void> rejected(DeviceRequest request, Throwable failure) {
        DeviceRejection rejection =
                failure instanceof DeviceRejection device ? device : DeviceRejection.of((AwsServiceException) failure);
        LOG.debugf(
                "Rejected %s from %s: %s %s",
                request.mqttTopic(), request.clientId(), rejection.errorCode(), rejection.getMessage());
        return transactions.<Void>commit(
                session -> Uni.createFrom().item(Outcome.of(null, request.rejected(rejection))));
    }
}
