package io.iotdm.devicegateway.changes;

import io.iotdm.devicegateway.broker.LiveSessions;
import io.iotdm.devicegateway.identity.DeviceIdentities;
import io.iotdm.events.ProvisioningChanges;
import io.iotdm.events.ProvisioningChanges.Change;
import io.iotdm.messaging.UntilApplied;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Follows provisioning-service's changes ({@value ProvisioningChanges#TOPIC}, channel {@value #CHANNEL}). Every
 * instance of the gateway must see every change (it holds its own sessions and answers), so each instance has a consumer
 * group of its own ({@code device-gateway-<uuid of this start>}), reading from the end. A change of a certificate drops the
 * answers about it and re-describes the sessions that presented it; a change of a CA drops every answer and
 * re-describes the sessions under it; a change of a policy, an attachment or a thing principal drops every answer, so
 * that the next request of every session is decided on the policies now in force. A session whose certificate is no
 * longer accepted is disconnected (docs/aws-behaviour.md §9.4).
 */
@Singleton
public class ProvisioningChangesConsumer {

    static final String CHANNEL = "provisioning-changes";

    private static final Logger LOG = Logger.getLogger(ProvisioningChangesConsumer.class);

    private final DeviceIdentities identities;
    private final LiveSessions sessions;

    ProvisioningChangesConsumer(DeviceIdentities identities, LiveSessions sessions) {
        this.identities = identities;
        this.sessions = sessions;
    }

    /** What precedes the id in a certificate's ARN ({@code arn:aws:iot:<region>:<account>:cert/<id>}). */
    private static final String CERTIFICATE_ARN = ":cert/";

    @Incoming(CHANNEL)
    Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        List<LiveSessions.Session> affected = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            Change change;
            try {
                change = Change.parse(record.value());
            } catch (RuntimeException unreadable) {
                LOG.errorf(
                        "Skipping an unreadable record of %s at offset %d: %s",
                        record.topic(), record.offset(), unreadable);
                continue;
            }
            switch (change.resourceType()) {
                case CERTIFICATE -> {
                    identities.forgetCertificate(change.resourceId());
                    affected.addAll(sessions.withCertificate(change.resourceId()));
                }
                case CA_CERTIFICATE -> {
                    identities.forgetAll();
                    affected.addAll(sessions.underCa(change.resourceId()));
                }
                case POLICY_ATTACHMENT, THING_PRINCIPAL -> forgetTarget(change.resourceId());
                case POLICY -> identities.forgetAll();
                case PROVISIONING_TEMPLATE -> {}
            }
        }
        if (affected.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return UntilApplied.apply(
                "Checking " + affected.size() + " sessions after provisioning changes", () -> Uni.createFrom()
                        .completionStage(CompletableFuture.allOf(
                                affected.stream().distinct().map(this::recheck).toArray(CompletableFuture[]::new)))
                        .replaceWithVoid());
    }

    /**
     * An attachment's change is keyed by its target or principal: a certificate's concerns that certificate's answers
     * only (a registration's attachments, the bulk of these changes, then leave every other device's answer cached); a
     * thing group's concerns the things in it, which the answers do not name, so all are dropped.
     */
    private void forgetTarget(String targetOrPrincipal) {
        int certificate = targetOrPrincipal.indexOf(CERTIFICATE_ARN);
        if (certificate >= 0) {
            identities.forgetCertificate(targetOrPrincipal.substring(certificate + CERTIFICATE_ARN.length()));
        } else {
            identities.forgetAll();
        }
    }

    private CompletableFuture<?> recheck(LiveSessions.Session session) {
        return identities
                .identify(session.certificate(), session.certificateId(), session.clientId())
                .thenCompose(identity -> identity.refusal(Instant.now())
                        .map(reason -> sessions.drop(session, reason))
                        .orElse(CompletableFuture.completedFuture(false)));
    }
}
