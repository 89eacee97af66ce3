package io.iotdm.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

/**
 * The provisioning-service's just-in-time registration event (docs/aws-behaviour.md §3, §6.3): {@code
 * $aws/events/certificates/registered/{caCertificateId}} on {@link #TOPIC}, keyed by the certificate id. Its payload is
 * exactly AWS's six members; it has no {@code eventId} member (AWS's example has none), the record's {@code event-id}
 * header has one.
 */
public final class CertificateEvents {

    public static final String TOPIC = "aws.events.certificates";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String accountId;

    public CertificateEvents(String accountId) {
        this.accountId = accountId;
    }

    /**
     * A certificate signed by an auto-registering CA was presented and waits in PENDING_ACTIVATION for the account's
     * handler to activate it.
     *
     * @param revision the record's resource version: a new one per presentation, so that a consumer that drops what
     *     it has seen does not drop the repeated event
     * @param registeredAt the certificate's registration ({@code certificateRegistrationTimestamp})
     * @param at the presentation ({@code timestamp})
     */
    public Event registered(
            String certificateId, String caCertificateId, long revision, Instant registeredAt, Instant at) {
        ObjectNode payload = JSON.createObjectNode()
                .put("certificateId", certificateId)
                .put("caCertificateId", caCertificateId)
                .put("timestamp", at.toEpochMilli())
                .put("certificateStatus", "PENDING_ACTIVATION")
                .put("awsAccountId", accountId)
                .put("certificateRegistrationTimestamp", registeredAt.toEpochMilli());
        return new Event(
                TOPIC,
                certificateId,
                "$aws/events/certificates/registered/" + caCertificateId,
                UUID.randomUUID().toString(),
                revision,
                payload);
    }
}
