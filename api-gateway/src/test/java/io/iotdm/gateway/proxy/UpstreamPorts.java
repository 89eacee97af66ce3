package io.iotdm.gateway.proxy;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.UUID;

/**
 * Points the gateway at the stub services before it starts: registry-service and jobs-service at {@link UpstreamStub}'s
 * two ports, provisioning-service at a port where nothing listens. group-service stays unconfigured. The internal
 * secret is new for each run.
 */
public class UpstreamPorts implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        int registry = freePort();
        int jobs = freePort();
        int nobody = freePort();
        return Map.of(
                "iotdm.test.stub.registry-port",
                Integer.toString(registry),
                "iotdm.test.stub.jobs-port",
                Integer.toString(jobs),
                "iotdm.gateway.services.registry-service.url",
                "http://127.0.0.1:" + registry,
                "iotdm.gateway.services.jobs-service.url",
                "http://127.0.0.1:" + jobs + "/",
                "iotdm.gateway.services.provisioning-service.url",
                "http://127.0.0.1:" + nobody,
                "iotdm.gateway.upstream.response-timeout",
                "2s",
                "iotdm.gateway.body-read-timeout",
                "1s",
                "iotdm.internal.secret",
                "gateway-test-" + UUID.randomUUID());
    }

    @Override
    public void stop() {}

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
