package io.iotdm.iotpolicy;

/**
 * The action names of the AWS IoT data plane and the ARNs of the resources they are authorized on, for one account
 * and region: {@code iot:Connect} on {@code client/<clientId>}, {@code iot:Publish}, {@code iot:Receive} and
 * {@code iot:RetainPublish} on {@code topic/<topic>}, {@code iot:Subscribe} on {@code topicfilter/<filter>} (the
 * filter as the client sent it, {@code +} and {@code #} included), the shadow actions on {@code thing/<name>}.
 */
public record IotResources(String partition, String region, String account) {

    public static final String CONNECT = "iot:Connect";
    public static final String PUBLISH = "iot:Publish";
    public static final String RETAIN_PUBLISH = "iot:RetainPublish";
    public static final String SUBSCRIBE = "iot:Subscribe";
    public static final String RECEIVE = "iot:Receive";
    public static final String GET_THING_SHADOW = "iot:GetThingShadow";
    public static final String UPDATE_THING_SHADOW = "iot:UpdateThingShadow";
    public static final String DELETE_THING_SHADOW = "iot:DeleteThingShadow";

    public String client(String clientId) {
        return arn("client/", clientId);
    }

    public String topic(String topic) {
        return arn("topic/", topic);
    }

    public String topicFilter(String filter) {
        return arn("topicfilter/", filter);
    }

    public String thing(String thingName) {
        return arn("thing/", thingName);
    }

    private String arn(String type, String name) {
        return "arn:" + partition + ":iot:" + region + ":" + account + ":" + type + name;
    }
}
