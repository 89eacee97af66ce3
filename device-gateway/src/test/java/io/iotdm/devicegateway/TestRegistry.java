package io.iotdm.devicegateway;

import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import io.iotdm.grpc.registry.v1.MatchRetainedMessagesRequest;
import io.iotdm.grpc.registry.v1.MatchRetainedMessagesResponse;
import io.iotdm.grpc.registry.v1.RegistryGrpc;
import io.iotdm.grpc.registry.v1.RetainedMessage;
import io.iotdm.testing.GrpcTestDoubles;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * registry-service's MatchRetainedMessages as the gateway asks it on a new subscription: a real gRPC server (signed
 * calls only, as the service) that answers for a topic filter what a test stored for that very filter. How filters
 * match topics is the registry's, tested there (RetainedMessagesGrpcTest); here it is what the gateway does with the
 * answer. Its port comes with {@link TestProvisioning.Resource}.
 */
@Singleton
public class TestRegistry {

    private final int port;
    private final Map<String, List<RetainedMessage>> byFilter = new ConcurrentHashMap<>();
    private Server server;

    TestRegistry(@ConfigProperty(name = "quarkus.grpc.clients.registry.test-port") int port) {
        this.port = port;
    }

    /** What the registry answers for {@code topicFilter}. */
    public void retain(String topicFilter, List<RetainedMessage> messages) {
        byFilter.put(topicFilter, messages);
    }

    void start(@Observes StartupEvent started) {
        server = GrpcTestDoubles.serve(port, new Registry());
    }

    void stop(@Observes ShutdownEvent stopping) {
        server.shutdownNow();
    }

    private final class Registry extends RegistryGrpc.RegistryImplBase {

        @Override
        public void matchRetainedMessages(
                MatchRetainedMessagesRequest request, StreamObserver<MatchRetainedMessagesResponse> out) {
            out.onNext(MatchRetainedMessagesResponse.newBuilder()
                    .addAllMessages(byFilter.getOrDefault(request.getTopicFilter(), List.of()))
                    .build());
            out.onCompleted();
        }
    }
}
