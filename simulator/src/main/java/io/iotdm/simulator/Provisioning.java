package io.iotdm.simulator;

import java.util.concurrent.CompletableFuture;

/** How a simulated device gets its thing and its certificate: {@link ClaimProvisioning} or {@link KeysProvisioning}. */
public sealed interface Provisioning permits ClaimProvisioning, KeysProvisioning {

    /** The device policy every simulated device gets: its own client id, shadow and jobs topics only. */
    String DEVICE_POLICY = "iotdm-simulator-device";

    String DEVICE_POLICY_DOCUMENT =
            """
            {"Version":"2012-10-17","Statement":[
             {"Effect":"Allow","Action":"iot:Connect","Resource":"arn:aws:iot:*:*:client/${iot:Connection.Thing.ThingName}"},
             {"Effect":"Allow","Action":["iot:Publish","iot:Receive"],
              "Resource":"arn:aws:iot:*:*:topic/$aws/things/${iot:Connection.Thing.ThingName}/*"},
             {"Effect":"Allow","Action":"iot:Subscribe",
              "Resource":"arn:aws:iot:*:*:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/*"}]}""";

    /** Creates (or finds) the thing and an ACTIVE certificate attached to it with {@link #DEVICE_POLICY}. */
    CompletableFuture<DeviceCredentials> provision(String thingName);
}
