package io.iotdm.registry.shadow;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A device's shadow request as the device gateway forwarded it (platform/events {@code DeviceMessages}): the topic
 * {@code $aws/things/{thing}/shadow[/name/{shadow}]/get|update|delete}, the payload unchanged, and the message id that it
 * is applied once by.
 *
 * @param messageId {@code null} when the record had none
 * @param shadowName {@code null} for the classic shadow
 */
record ShadowRequest(String thingName, String shadowName, Operation operation, byte[] payload, String messageId) {

    /** What the request asks, by the topic's last level. */
    enum Operation {
        GET,
        UPDATE,
        DELETE;

        /** {@code get}, {@code update}, {@code delete}: the level of the request topic and of its answers. */
        String topicLevel() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The shadow the request is about. */
    ShadowKey shadow() {
        return new ShadowKey(thingName, shadowName);
    }

    // a thing name as the iot model's ThingName: 1-128 of [a-zA-Z0-9:_-]; a shadow name as ShadowName (ShadowName)
    private static final Pattern TOPIC =
            Pattern.compile("\\$aws/things/([a-zA-Z0-9:_-]{1,128})/shadow(?:/name/([^/]+))?/(get|update|delete)");

    /**
     * The request on {@code mqttTopic}, or nothing when that is no shadow request this service answers (a jobs or
     * provisioning request on the same Kafka topic, or a name no shadow can have).
     */
    static Optional<ShadowRequest> of(String mqttTopic, byte[] payload, String messageId) {
        if (!mqttTopic.contains("/shadow/")) {
            return Optional.empty();
        }
        Matcher request = TOPIC.matcher(mqttTopic);
        if (!request.matches()) {
            return Optional.empty();
        }
        String shadowName = request.group(2);
        if (shadowName != null && !ShadowName.isValid(shadowName)) {
            return Optional.empty();
        }
        return Optional.of(new ShadowRequest(
                request.group(1),
                shadowName,
                Operation.valueOf(request.group(3).toUpperCase(Locale.ROOT)),
                payload == null ? new byte[0] : payload,
                messageId));
    }
}
