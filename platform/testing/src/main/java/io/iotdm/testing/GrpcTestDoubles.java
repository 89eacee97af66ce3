package io.iotdm.testing;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.iotdm.grpc.service.InternalCallVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;

/**
 * Where a service under test finds the test double of another service's gRPC API: a free loopback port, which the
 * double listens on and the named Quarkus gRPC client is pointed at (in test mode Quarkus takes a client's
 * {@code test-port}; the double reads it from there too).
 */
public final class GrpcTestDoubles {

    private GrpcTestDoubles() {}

    /**
     * Serves a test double on the loopback port its client was given ({@link #clientOnFreePort}). Like the service it
     * stands for, it answers only calls signed with the test JVM's internal secret: the client under test signs.
     */
    public static Server serve(int port, BindableService service) {
        try {
            return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                    .addService(ServerInterceptors.intercept(
                            service, new InternalCallVerifier(InternalTestCalls.signature())))
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the configuration of the gRPC client {@code client}, on a port that is free now */
    public static Map<String, String> clientOnFreePort(String client) {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String prefix = "quarkus.grpc.clients." + client + ".";
        return Map.of(
                prefix + "host", "127.0.0.1",
                prefix + "port", String.valueOf(port),
                prefix + "test-port", String.valueOf(port));
    }
}
