package io.iotdm.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * The provisioning-service's internal change events on {@link #TOPIC}: a certificate, a policy, an attachment or a
 * provisioning template changed, so that a device gateway drops or re-authorizes the sessions it concerns within seconds. Keyed by the
 * resource, so that one resource's changes keep their order; {@code revision} (one sequence across the service)
 * orders them and lets a consumer ignore one it has seen.
 */
public final class ProvisioningChanges {

    public static final String TOPIC = "iotdm.provisioning-changes";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProvisioningChanges() {}

    /** What kind of resource changed. */
    public enum ResourceType {
        CERTIFICATE,
        CA_CERTIFICATE,
        POLICY,
        /** a policy attached to or detached from a target (a certificate, a thing group) */
        POLICY_ATTACHMENT,
        /** a thing attached to or detached from a principal */
        THING_PRINCIPAL,
        /** a provisioning template created, changed (its default version, hook, role, enabled) or deleted */
        PROVISIONING_TEMPLATE
    }

    /**
     * @param resourceId the certificate id, the policy name, the template name, or for an attachment the target (certificate ARN, thing
     *     group ARN) or the principal
     * @param detail what changed, for logs and tests: a status, {@code deleted}, {@code attached:<policy>} ...
     */
    public record Change(ResourceType resourceType, String resourceId, String detail, long revision) {

        /** The outbox event that publishes it. */
        public Event event() {
            ObjectNode payload = JSON.createObjectNode()
                    .put("resourceType", resourceType.name())
                    .put("resourceId", resourceId)
                    .put("detail", detail)
                    .put("revision", revision);
            return new Event(
                    TOPIC,
                    resourceType + ":" + resourceId,
                    "",
                    UUID.randomUUID().toString(),
                    revision,
                    payload);
        }

        public static Change parse(byte[] value) {
            try {
                JsonNode node = JSON.readTree(value);
                return new Change(
                        ResourceType.valueOf(node.path("resourceType").asText()),
                        node.path("resourceId").asText(),
                        node.path("detail").asText(),
                        node.path("revision").asLong());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a provisioning change: " + new String(value), e);
            }
        }
    }
}
