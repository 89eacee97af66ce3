package io.iotdm.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;

/**
 * Provisioning through the control plane, as a platform team's script does it: CreateKeysAndCertificate (ACTIVE),
 * CreateThing, AttachPolicy and AttachThingPrincipal.
 */
public final class KeysProvisioning implements Provisioning {

    private final ControlPlane api;

    private KeysProvisioning(ControlPlane api) {
        this.api = api;
    }

    /** Makes sure the device policy exists. */
    public static KeysProvisioning prepare(ControlPlane api) {
        api.ensurePolicy(DEVICE_POLICY, DEVICE_POLICY_DOCUMENT).join();
        return new KeysProvisioning(api);
    }

    @Override
    public CompletableFuture<DeviceCredentials> provision(String thingName) {
        return api.createKeysAndCertificate().thenCompose(created -> {
            String certificateArn = created.path("certificateArn").asText();
            return api.createThing(thingName)
                    .thenCompose(thing -> api.attachPolicy(DEVICE_POLICY, certificateArn))
                    .thenCompose(attached -> api.attachThingPrincipal(thingName, certificateArn))
                    .thenApply(attached -> credentials(thingName, created));
        });
    }

    private static DeviceCredentials credentials(String thingName, JsonNode created) {
        return DeviceCredentials.fromPem(
                thingName,
                created.path("keyPair").path("PrivateKey").asText(),
                created.path("certificatePem").asText());
    }
}
