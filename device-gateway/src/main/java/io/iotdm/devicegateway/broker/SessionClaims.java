package io.iotdm.devicegateway.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The records by which the gateway instances tell each other about their sessions and about themselves
 * (docs/architecture.md, "One session per client id across gateway instances"): a session's claim and release on
 * {@value #SESSIONS} (key = client id, compacted: its last record per client id is that client id's state) and each
 * instance's heartbeat on {@value #INSTANCES} (key = instance id). Every instance reads both from the beginning.
 */
@ApplicationScoped
class SessionClaims {

    static final String SESSIONS = "iotdm.device-gateway.sessions";
    static final String INSTANCES = "iotdm.device-gateway.instances";

    private static final Logger LOG = Logger.getLogger(SessionClaims.class);
    private static final JsonMapper JSON = new JsonMapper();

    /**
     * A connection of {@code clientId} on gateway instance {@code instance}, or its end ({@code released}).
     *
     * @param token the connection's token (AWS's {@code sessionIdentifier})
     * @param versionNumber the CONNECT's epoch milliseconds (presence's {@code versionNumber})
     */
    record Claim(
            String clientId,
            String instance,
            String token,
            String certificateId,
            long versionNumber,
            boolean released) {

        Claim release() {
            return new Claim(clientId, instance, token, certificateId, versionNumber, true);
        }

        static Claim parse(String clientId, byte[] value) {
            JsonNode json = read(value);
            return new Claim(
                    clientId,
                    json.path("instance").asText(),
                    json.path("token").asText(),
                    json.path("certificateId").asText(),
                    json.path("versionNumber").asLong(),
                    json.path("released").asBoolean());
        }
    }

    /**
     * An instance's heartbeat: it is alive and holds {@code sessions} sessions, or ({@code gone}) it stopped, or it died
     * and a surviving instance has ended its sessions.
     */
    record Heartbeat(String instance, int sessions, boolean gone) {

        static Heartbeat parse(String instance, byte[] value) {
            JsonNode json = read(value);
            return new Heartbeat(
                    instance, json.path("sessions").asInt(), json.path("gone").asBoolean());
        }
    }

    private final KafkaRecords kafka;
    private final String instance;

    SessionClaims(KafkaRecords kafka, @ConfigProperty(name = "quarkus.uuid") String instance) {
        this.kafka = kafka;
        this.instance = instance;
    }

    /** This instance's id: a UUID per start. */
    String instance() {
        return instance;
    }

    void send(Claim claim) {
        byte[] value = JSON.createObjectNode()
                .put("instance", claim.instance())
                .put("token", claim.token())
                .put("certificateId", claim.certificateId())
                .put("versionNumber", claim.versionNumber())
                .put("released", claim.released())
                .toString()
                .getBytes(StandardCharsets.UTF_8);
        send(SESSIONS, claim.clientId(), value);
    }

    void send(Heartbeat heartbeat) {
        byte[] value = JSON.createObjectNode()
                .put("sessions", heartbeat.sessions())
                .put("gone", heartbeat.gone())
                .toString()
                .getBytes(StandardCharsets.UTF_8);
        send(INSTANCES, heartbeat.instance(), value);
    }

    private void send(String topic, String key, byte[] value) {
        // a lost claim leaves a duplicate connection on two instances until one of them ends; a lost heartbeat is
        // repeated by the next one
        kafka.send(topic, key, new RecordHeaders(), value).whenComplete((sent, failure) -> {
            if (failure != null) {
                LOG.warnf("The record of %s on %s was not published: %s", key, topic, failure.toString());
            }
        });
    }

    private static JsonNode read(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
