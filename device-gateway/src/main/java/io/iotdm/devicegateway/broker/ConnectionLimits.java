package io.iotdm.devicegateway.broker;

import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import io.iotdm.devicegateway.DeviceGatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * AWS IoT's limits per connection (docs/aws-behaviour.md §9.8), {@code iotdm.device-gateway.limits.*}. The client id's
 * and the topic's length are HiveMQ's own restrictions (config.xml, {@link MqttBroker}), and so is the packet size,
 * with room for a topic and properties around the largest payload; the payload itself, the topic's levels and the
 * subscriptions per connection are checked here.
 */
@ApplicationScoped
class ConnectionLimits {

    /** What a Basic Ingest topic starts with: its three slashes do not count (AWS's topic quota). */
    private static final String BASIC_INGEST = "$aws/rules/";

    /**
     * Around the payload of a PUBLISH: the fixed header (5 bytes), the topic (2 + up to 256), the packet identifier
     * (2) and the MQTT 5 properties a device sends (user properties, content type, ...); a packet past the payload
     * limit and this is refused by HiveMQ before the payload is looked at.
     */
    private static final int PACKET_OVERHEAD = 8 * 1024;

    private final DeviceGatewayConfig.Limits limits;

    ConnectionLimits(DeviceGatewayConfig config) {
        this.limits = config.limits();
    }

    int maxPacketSize() {
        return limits.maxPayloadSize() + PACKET_OVERHEAD;
    }

    int maxClientIdLength() {
        return limits.maxClientIdLength();
    }

    int maxTopicLength() {
        return limits.maxTopicLength();
    }

    int maxSubscriptions() {
        return limits.maxSubscriptions();
    }

    /** Why a PUBLISH ends its connection before any policy is asked: its payload is too large, or its topic too deep. */
    Optional<DisconnectReasonCode> publishRefusal(PublishPacket publish) {
        int payload = publish.getPayload().map(ByteBuffer::remaining).orElse(0);
        if (payload > limits.maxPayloadSize()) {
            return Optional.of(DisconnectReasonCode.PACKET_TOO_LARGE);
        }
        if (tooDeep(publish.getTopic())) {
            return Optional.of(DisconnectReasonCode.TOPIC_NAME_INVALID);
        }
        return Optional.empty();
    }

    /** Whether a topic or topic filter has more forward slashes than AWS allows, besides Basic Ingest's prefix. */
    boolean tooDeep(String topic) {
        long slashes = topic.chars().filter(c -> c == '/').count();
        if (topic.startsWith(BASIC_INGEST)) {
            slashes -= 3;
        }
        return slashes > limits.maxTopicSlashes();
    }
}
